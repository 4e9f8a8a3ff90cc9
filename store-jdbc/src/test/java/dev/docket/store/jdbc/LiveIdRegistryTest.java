package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.broker.inmemory.InMemoryStateStore;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.LiveIdRegistry.Claim;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import dev.docket.testing.ManualClock;
import dev.docket.tck.ForwardingStateStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one live-id registry the RabbitMQ and SQS brokers share, over the in-memory store, over
 * PostgreSQL, and in process: idempotent ids, run claims, and the owner heartbeat that frees a
 * dead owner's claims and references (issue 11) while a live owner's are never taken.
 */
class LiveIdRegistryTest {

  private static final Duration BEAT = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofMillis(800);
  private static final Duration LEASE = Duration.ofSeconds(30);
  /**
   * How long a "stays so for twice the owner timeout" check may take in all. Generous, because a
   * loaded CI took more than one timeout of slack to start observing (each claim is a store
   * call); it cannot hide the fault, since a claim or hand-over that happens by mistake is never
   * undone (the new token keeps the claim, an orphan list stays delivered), so the condition
   * stays false from then on and the check fails.
   */
  private static final Duration OBSERVE = Duration.ofSeconds(15);

  static Stream<String> stores() {
    return Stream.of("memory", "postgresql");
  }

  private static Supplier<StateStore> store(String kind) {
    if (kind.equals("memory")) {
      InMemoryStateStore shared = InMemoryStateStore.create(Clock.systemUTC());
      return () -> new Unclosed(shared);
    }
    URI server = PostgresStoreProviderTest.serverUri();
    return () -> PostgresStateStore.connect(server + "?table=docket_live_id_registry_test");
  }

  private final java.util.Map<LiveIdRegistry, Severable> severables =
      new java.util.IdentityHashMap<>();

  /** The owners of one test: registries on one kind of store, in a scope of their own. */
  private Owners owners(String kind) {
    return new Owners(store(kind), UUID.randomUUID() + ":");
  }

  private final class Owners {
    final Supplier<StateStore> stores;
    final String scope;

    Owners(Supplier<StateStore> stores, String scope) {
      this.stores = stores;
      this.scope = scope;
    }

    /** A registry with the test's heartbeat and owner timeout. */
    LiveIdRegistry join() {
      return join(BEAT, TIMEOUT, Duration.ZERO);
    }

    /** A registry whose store calls each take {@code lag} longer (a loaded process or store). */
    LiveIdRegistry join(Duration beat, Duration timeout, Duration lag) {
      Severable s = new Severable(stores.get(), lag);
      LiveIdRegistry r = LiveIdRegistry.shared(s, "test", scope, TimeSource.system(), beat,
          timeout, true);
      severables.put(r, s);
      return r;
    }
  }

  private static Instant in(Duration d) {
    return Instant.now().plus(d);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void liveIds_addOnce_untilRemoved(String kind) {
    try (LiveIdRegistry a = owners(kind).join()) {
      assertThat(a.add("q", "job", in(LEASE))).isTrue();
      assertThat(a.add("q", "job", in(LEASE))).isFalse();
      assertThat(a.contains("q", "job")).isTrue();
      a.remove("q", "job");
      assertThat(a.contains("q", "job")).isFalse();
      assertThat(a.add("q", "job", in(LEASE))).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void returns_countedAcrossProcesses_perCopy(String kind) {
    Owners owners = owners(kind);
    try (LiveIdRegistry a = owners.join(); LiveIdRegistry b = owners.join()) {
      assertThat(a.countReturn("q", "job", "i1", 0, in(LEASE))).isEqualTo(1);
      assertThat(b.countReturn("q", "job", "i1", 0, in(LEASE))).isEqualTo(2);
      assertThat(a.countReturn("q", "job", "i1", 0, in(LEASE))).isEqualTo(3);
      // A later copy (a retry counting 4 deliveries), another incarnation, another job: apart.
      assertThat(b.countReturn("q", "job", "i1", 4, in(LEASE))).isEqualTo(1);
      assertThat(b.countReturn("q", "job", "i2", 0, in(LEASE))).isEqualTo(1);
      assertThat(a.countReturn("q", "other", "i1", 0, in(LEASE))).isEqualTo(1);
    }
  }

  @Test
  void returns_countedInProcess_perCopy_untilTheyExpire() {
    ManualClock clock = new ManualClock();
    try (LiveIdRegistry local = LiveIdRegistry.local(clock)) {
      Instant until = clock.instant().plusSeconds(10);
      assertThat(local.countReturn("q", "job", "i1", 0, until)).isEqualTo(1);
      assertThat(local.countReturn("q", "job", "i1", 0, until)).isEqualTo(2);
      assertThat(local.countReturn("q", "job", "i1", 1, until)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(11));
      assertThat(local.countReturn("q", "job", "i1", 0, clock.instant().plusSeconds(10)))
          .isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void runClaim_liveOwnerHolds_deadOwnerIsTakenOver_doneDrops(String kind) {
    Owners owners = owners(kind);
    LiveIdRegistry dying = owners.join();
    try (LiveIdRegistry live = owners.join();
        LiveIdRegistry other = owners.join()) {
      assertThat(live.claim("q", "kept", "i1", "t1", in(LEASE))).isEqualTo(Claim.RUN);
      assertThat(dying.claim("q", "lost", "i2", "t2", in(LEASE))).isEqualTo(Claim.RUN);
      assertThat(other.claim("q", "lost", "i2", "t3", in(LEASE))).isEqualTo(Claim.HELD);
      // The dying owner stops beating without deleting its heartbeat: a killed process.
      stopBeatingWithoutClose(dying);
      long from = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> other.claim("q", "lost", "i2", "t3", in(LEASE)) == Claim.RUN);
      assertThat(Duration.ofNanos(System.nanoTime() - from))
          .isGreaterThanOrEqualTo(TIMEOUT.minus(BEAT).minusMillis(100));
      // The live owner's claim is never taken, long past the owner timeout.
      await().during(TIMEOUT.multipliedBy(2)).atMost(OBSERVE)
          .until(() -> other.claim("q", "kept", "i1", "t4", in(LEASE)) == Claim.HELD);
      live.done("q", "kept", "i1", "t1", in(LEASE));
      assertThat(other.claim("q", "kept", "i1", "t5", in(LEASE))).isEqualTo(Claim.DONE);
      assertThat(other.claim("q", "kept", "i9", "t6", in(LEASE))).isEqualTo(Claim.RUN);
    }
  }

  /**
   * The defaults (heartbeat 500 ms, owner timeout 3 s): a killed owner's claim is free and its
   * references handed over within the timeout and one beat, never before the timeout less one
   * beat; a live owner whose every store call lags 1 s (a loaded machine) keeps its claim.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void defaults_deadOwnerFreeWithinTimeoutAndABeat_laggingLiveOwnerKeepsItsClaim(String kind) {
    Owners owners = owners(kind);
    Duration beat = LiveIdRegistry.DEFAULT_HEARTBEAT;
    Duration timeout = LiveIdRegistry.DEFAULT_OWNER_TIMEOUT;
    List<List<String>> orphans = new CopyOnWriteArrayList<>();
    LiveIdRegistry dying = owners.join(beat, timeout, Duration.ZERO);
    try (LiveIdRegistry slow = owners.join(beat, timeout, Duration.ofSeconds(1));
        LiveIdRegistry other = owners.join(beat, timeout, Duration.ZERO)) {
      other.onOrphans(orphans::add);
      assertThat(slow.claim("q", "kept", "i1", "t1", in(LEASE))).isEqualTo(Claim.RUN);
      assertThat(dying.claim("q", "lost", "i2", "t2", in(LEASE))).isEqualTo(Claim.RUN);
      dying.hold(List.of("ref"));
      stopBeatingWithoutClose(dying);
      long from = System.nanoTime();
      await().atMost(timeout.plus(beat).plusMillis(500)).pollInterval(Duration.ofMillis(20))
          .until(() -> other.claim("q", "lost", "i2", "t3", in(LEASE)) == Claim.RUN);
      assertThat(Duration.ofNanos(System.nanoTime() - from))
          .isGreaterThanOrEqualTo(timeout.minus(beat).minusMillis(100));
      await().atMost(timeout.plus(beat).plusMillis(500)).until(() -> orphans.size() == 1);
      assertThat(orphans.get(0)).containsExactly("ref");
      await().during(timeout.multipliedBy(2)).atMost(OBSERVE)
          .until(() -> other.claim("q", "kept", "i1", "t4", in(LEASE)) == Claim.HELD);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void cleanClose_freesClaimsAtOnce(String kind) {
    Owners owners = owners(kind);
    try (LiveIdRegistry other = owners.join()) {
      LiveIdRegistry leaving = owners.join();
      assertThat(leaving.claim("q", "j", "i", "t1", in(LEASE))).isEqualTo(Claim.RUN);
      assertThat(other.claim("q", "j", "i", "t2", in(LEASE))).isEqualTo(Claim.HELD);
      leaving.close();
      assertThat(other.claim("q", "j", "i", "t2", in(LEASE))).isEqualTo(Claim.RUN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void heldRefs_ofADeadOwner_goToOneLiveOwner_once(String kind) {
    Owners owners = owners(kind);
    List<List<String>> gotA = new CopyOnWriteArrayList<>();
    List<List<String>> gotB = new CopyOnWriteArrayList<>();
    LiveIdRegistry dying = owners.join();
    try (LiveIdRegistry a = owners.join(); LiveIdRegistry b = owners.join()) {
      a.onOrphans(gotA::add);
      b.onOrphans(gotB::add);
      a.hold(List.of("live-ref"));
      dying.hold(List.of("r1", "r2", "r3"));
      dying.release("r2");
      dying.hold(List.of("r4"));
      stopBeatingWithoutClose(dying);
      await().atMost(Duration.ofSeconds(5)).until(() -> gotA.size() + gotB.size() == 1);
      await().during(TIMEOUT.multipliedBy(2)).atMost(OBSERVE)
          .until(() -> gotA.size() + gotB.size() == 1);
      List<String> refs = Stream.concat(gotA.stream(), gotB.stream()).findFirst().orElseThrow();
      assertThat(refs).containsExactlyInAnyOrder("r1", "r3", "r4");
    }
  }

  /**
   * The SQS broker keeps a delivery with each receipt handle (a long Base64 word) and asks for
   * orphans only once it fetches, maybe after an owner died: the references still come back,
   * to the character.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void heldRefs_longOneLineReferences_comeBackAsHeld_toAListenerThatAskedAfterTheDeath(String kind) {
    Owners owners = owners(kind);
    List<List<String>> got = new CopyOnWriteArrayList<>();
    String payload = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new byte[3000]).replace('A', 'x') + "-_";
    List<String> held = List.of("http://q/lane-p0 handle-1 " + payload,
        "http://q/lane-p0 handle-2", "http://q/lane-p1 handle-3 " + payload + "z");
    LiveIdRegistry dying = owners.join();
    try (LiveIdRegistry a = owners.join()) {
      dying.hold(held);
      stopBeatingWithoutClose(dying);
      a.onOrphans(got::add); // asked only now, after the owner stopped beating
      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
      assertThat(got.get(0)).containsExactlyInAnyOrderElementsOf(held);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void heartbeatOff_claimLastsItsLease(String kind) {
    Owners owners = owners(kind);
    LiveIdRegistry old = LiveIdRegistry.shared(owners.stores.get(), "test", owners.scope,
        TimeSource.system(), Duration.ZERO, TIMEOUT, true);
    try (LiveIdRegistry other = owners.join()) {
      assertThat(old.claim("q", "j", "i", "t1", in(LEASE))).isEqualTo(Claim.RUN);
      old.close();
      await().during(TIMEOUT.multipliedBy(2)).atMost(OBSERVE)
          .until(() -> other.claim("q", "j", "i", "t2", in(LEASE)) == Claim.HELD);
    }
  }

  @org.junit.jupiter.api.Test
  void local_claimsAndIds_inProcess() {
    try (LiveIdRegistry r = LiveIdRegistry.local(TimeSource.system())) {
      assertThat(r.add("q", "a", in(LEASE))).isTrue();
      assertThat(r.add("q", "a", in(LEASE))).isFalse();
      r.removeAll("q", id -> false);
      assertThat(r.contains("q", "a")).isFalse();
      assertThat(r.claim("q", "a", "i", "t1", in(LEASE))).isEqualTo(Claim.RUN);
      assertThat(r.claim("q", "a", "i", "t2", in(LEASE))).isEqualTo(Claim.HELD);
      r.done("q", "a", "i", "t1", in(LEASE));
      assertThat(r.claim("q", "a", "i", "t2", in(LEASE))).isEqualTo(Claim.DONE);
      r.keep("q", "b", in(LEASE));
      assertThat(r.contains("q", "b")).isTrue();
    }
  }

  /**
   * Cuts {@code r} off its store the way SIGKILL does: no last write, no delete; its heartbeat
   * just expires. Every registry here is built over its own {@link Severable} wrapper.
   */
  private void stopBeatingWithoutClose(LiveIdRegistry r) {
    severables.get(r).sever();
  }

  /** Lets several registries share one in-memory store without closing it. */
  private static final class Unclosed extends ForwardingStateStore {
    Unclosed(StateStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }

  /** A store that a test can cut off: afterwards every call fails, as for a dead process. */
  private static final class Severable extends ForwardingStateStore {
    private final StateStore store;
    private volatile boolean severed;

    private final Duration lag;

    Severable(StateStore store, Duration lag) {
      super(store);
      this.store = store;
      this.lag = lag;
    }

    void sever() {
      severed = true;
    }

    @Override
    protected StateStore delegate() {
      if (severed) {
        throw new IllegalStateException("severed: this process is dead");
      }
      if (!lag.isZero()) {
        try {
          Thread.sleep(lag); // simulates a slow store call, not a wait for a state
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return super.delegate();
    }

    /** Closes the store even when severed: the process is dead, its connections are not. */
    @Override
    public void close() {
      store.close();
    }
  }
}
