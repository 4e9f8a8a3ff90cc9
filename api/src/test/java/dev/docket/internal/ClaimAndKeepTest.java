package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.LiveIdRegistry.Claim;
import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LiveIdRegistry#claimAndKeep} leaves a registry as {@link LiveIdRegistry#claim} then
 * {@link LiveIdRegistry#keep} (on RUN only) would, in the SPI's default and in {@link
 * LocalLiveIds}'s one-lock override: the RabbitMQ broker leases every delivery through it.
 */
class ClaimAndKeepTest {

  private ManualClock clock = new ManualClock();

  private Instant in(int seconds) {
    return clock.instant().plusSeconds(seconds);
  }

  /** The registry under test, on {@link #clock}: the override, or the default over the same. */
  private LiveIdRegistry registry(boolean useDefault) {
    LocalLiveIds local = new LocalLiveIds(clock);
    return useDefault ? new Delegating(local) : local;
  }

  /** One step of a lease, either as one call or as the two calls it replaces. */
  private static Claim lease(LiveIdRegistry r, boolean combined, String id,
      @Nullable String incarnation, String token, Instant until, Instant keep) {
    if (combined) {
      return r.claimAndKeep("q", id, incarnation, token, until, keep);
    }
    Claim c = r.claim("q", id, incarnation, token, until);
    if (c == Claim.RUN) {
      r.keep("q", id, keep);
    }
    return c;
  }

  @ParameterizedTest(name = "default method: {0}")
  @ValueSource(booleans = {false, true})
  void leavesTheSameStateAsClaimThenKeep(boolean useDefault) {
    // Each run on a fresh clock, as the script moves time on.
    List<Object> a = script(registry(useDefault), true);
    clock = new ManualClock();
    List<Object> b = script(registry(useDefault), false);
    assertThat(a).isEqualTo(b);
    // RUN, HELD, DONE, a new incarnation runs, a lapsed lease runs again, an older client's copy.
    assertThat(a).containsSubsequence(Claim.RUN, Claim.HELD, Claim.DONE, Claim.RUN);
    assertThat(a).contains(Claim.HELD, Claim.DONE);
  }

  /** Every answer and every observable state along a lease's life, in order. */
  private List<Object> script(LiveIdRegistry r, boolean combined) {
    List<Object> seen = new ArrayList<>();
    // A first lease runs and keeps the id live for the lease and the dedup window.
    seen.add(lease(r, combined, "a", "i1", "t1", in(30), in(330)));
    seen.add(r.contains("q", "a"));
    // A copy while it runs is held and keeps nothing (b was never kept: it stays absent).
    seen.add(lease(r, combined, "a", "i1", "t2", in(30), in(900)));
    r.add("q", "b", in(5));
    seen.add(lease(r, combined, "b", null, "t3", in(30), in(330)));
    seen.add(lease(r, combined, "b", null, "t4", in(30), in(10)));
    // The held copy did not stretch a's keep: a is gone 330 s on, not 900 s.
    r.done("q", "a", "i1", "t1", in(300));
    // A copy of the completed incarnation is dropped and keeps nothing.
    seen.add(lease(r, combined, "a", "i1", "t5", in(30), in(900)));
    // A new incarnation of the same id runs; its keep never shortens a later one.
    seen.add(lease(r, combined, "a", "i2", "t6", in(30), in(20)));
    seen.add(r.contains("q", "a"));
    clock.advance(Duration.ofSeconds(31));
    // The lease lapsed: the next copy runs again.
    seen.add(lease(r, combined, "a", "i2", "t7", in(30), in(400)));
    clock.advance(Duration.ofSeconds(320));
    seen.add(r.contains("q", "a"));
    seen.add(r.contains("q", "b"));
    clock.advance(Duration.ofSeconds(100));
    seen.add(r.contains("q", "a"));
    // An older client's copy (no incarnation) of a completed run is held, never dropped.
    seen.add(lease(r, combined, "c", null, "t8", in(30), in(60)));
    r.done("q", "c", null, "t8", in(300));
    seen.add(lease(r, combined, "c", null, "t9", in(30), in(60)));
    seen.add(r.contains("q", "c"));
    return seen;
  }

  @ParameterizedTest(name = "default method: {0}")
  @ValueSource(booleans = {false, true})
  void heldAndDoneCopiesKeepNothing(boolean useDefault) {
    LiveIdRegistry r = registry(useDefault);
    assertThat(r.claimAndKeep("q", "x", "i", "t1", in(30), in(60))).isEqualTo(Claim.RUN);
    r.remove("q", "x");
    assertThat(r.claimAndKeep("q", "x", "i", "t2", in(30), in(60))).isEqualTo(Claim.HELD);
    assertThat(r.contains("q", "x")).isFalse();
    r.done("q", "x", "i", "t1", in(300));
    assertThat(r.claimAndKeep("q", "x", "i", "t3", in(30), in(60))).isEqualTo(Claim.DONE);
    assertThat(r.contains("q", "x")).isFalse();
  }

  @ParameterizedTest(name = "unclaim fails too: {0}")
  @ValueSource(booleans = {false, true})
  void aFailedKeepFreesTheClaimAndThrows(boolean unclaimFails) {
    Delegating r = new Delegating(new LocalLiveIds(clock));
    r.keepFails = true;
    r.unclaimFails = unclaimFails;
    assertThatThrownBy(() -> r.claimAndKeep("q", "x", "i", "t1", in(30), in(60)))
        .isSameAs(r.keepFailure)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(unclaimFails ? 1 : 0));
    r.keepFails = false;
    r.unclaimFails = false;
    // Freed, the next copy runs at once; when the unclaim failed too, it waits for the lease.
    assertThat(r.claimAndKeep("q", "x", "i", "t2", in(30), in(60)))
        .isEqualTo(unclaimFails ? Claim.HELD : Claim.RUN);
  }

  /** A registry that only has the abstract methods, so it gets the SPI's default claimAndKeep. */
  private static final class Delegating implements LiveIdRegistry {
    private final LiveIdRegistry to;
    final RuntimeException keepFailure = new IllegalStateException("store down (keep)");
    boolean keepFails;
    boolean unclaimFails;

    Delegating(LiveIdRegistry to) {
      this.to = to;
    }

    @Override
    public boolean add(String queue, String id, Instant until) {
      return to.add(queue, id, until);
    }

    @Override
    public boolean contains(String queue, String id) {
      return to.contains(queue, id);
    }

    @Override
    public void keep(String queue, String id, Instant until) {
      if (keepFails) {
        throw keepFailure;
      }
      to.keep(queue, id, until);
    }

    @Override
    public void remove(String queue, String id) {
      to.remove(queue, id);
    }

    @Override
    public void removeAll(String queue, Predicate<String> keep) {
      to.removeAll(queue, keep);
    }

    @Override
    public Claim claim(String queue, String id, @Nullable String incarnation, String token,
        Instant until) {
      return to.claim(queue, id, incarnation, token, until);
    }

    @Override
    public void renew(String queue, String id, @Nullable String incarnation, String token,
        Instant until) {
      to.renew(queue, id, incarnation, token, until);
    }

    @Override
    public void unclaim(String queue, String id, @Nullable String incarnation, String token) {
      if (unclaimFails) {
        throw new IllegalStateException("store down (unclaim)");
      }
      to.unclaim(queue, id, incarnation, token);
    }

    @Override
    public void done(String queue, String id, @Nullable String incarnation, String token,
        Instant keep) {
      to.done(queue, id, incarnation, token, keep);
    }

    @Override
    public void hold(java.util.Collection<String> refs) {
      to.hold(refs);
    }

    @Override
    public void release(String ref) {
      to.release(ref);
    }

    @Override
    public void onOrphans(Consumer<List<String>> listener) {
      to.onOrphans(listener);
    }

    @Override
    public String owner() {
      return to.owner();
    }

    @Override
    public void close() {
      to.close();
    }
  }
}
