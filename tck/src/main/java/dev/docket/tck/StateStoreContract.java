package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * The base of the state store contracts (S rules: {@link StoreSemanticsContract} S1, {@link
 * StoreTtlContract} S2, {@link StoreAtomicityContract} S3): what every {@link StateStore} keeps,
 * so the coordination features (locks, idempotency, permits, rate limits, results) behave the
 * same on every store. It opens a fresh store per test from the {@link TckFixture#store
 * fixture} and closes it afterwards. A module runs these rules through {@link DocketTck}, {@link
 * CoordinationKit} or {@link StateStoreKit}, with a fixture such as:
 *
 * <pre>{@code
 * final class RedisTckFixture implements TckFixture {
 *   public Broker broker(TckContext ctx) { ... }
 *
 *   public StateStore store(TckContext ctx) {
 *     return new RedisStoreProvider().create(
 *         URI.create(redisUri() + "?keyPrefix=state-" + ctx.namespace()), Clock.systemUTC());
 *   }
 * }
 * }</pre>
 *
 * <p>Every key a test touches starts with {@link TckContext#namespace()}, so runs against one
 * shared server never see each other's keys. When the store reads its TTLs from the clock it was
 * given, the fixture passes {@link TckContext#clock()} and returns true from {@link
 * TckFixture#storeFollowsClock()}: expiry is then checked exactly (1 ms before and after) with no
 * waiting. Otherwise TTLs are short and real time passes, bounded by {@link TckTimeouts}. A
 * fixture without a store ({@link TckFixture#store} returns null) has these rules skipped.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(TckFixtureExtension.class)
public abstract class StateStoreContract {

  static final @Nullable Duration NO_TTL = null;

  /** The context of the running test. */
  protected TckContext ctx;

  /** The store under test, fresh for this test. */
  protected StateStore store;

  /** Time as the store sees it. */
  protected TckTime time;

  private @Nullable TckFixture fixture;

  StateStoreContract() {}

  @BeforeEach
  final void openStore(TestInfo info, TckFixture fixture) {
    ctx = TckContext.forTest(info);
    time = TckTime.of(fixture.storeFollowsClock(), ctx);
    StateStore own = fixture.store(ctx);
    if (own == null) {
      throw new TestAbortedException("skipped: " + fixture.getClass().getName()
          + ".store(ctx) returns null, so this module has no state store of its own for the S"
          + " rules to check (the C and W rules run on the TCK's in-process store); return the"
          + " store a deployment of this broker would use to run them");
    }
    this.fixture = fixture;
    store = own;
  }

  @AfterEach
  final void closeStore() {
    if (fixture == null) { // skipped or unresolved: nothing was opened
      return;
    }
    try {
      store.close();
    } finally {
      fixture.cleanup(ctx);
    }
  }

  /** The key {@code name} of this test: the namespace, a colon, the name. */
  protected String key(String name) {
    return ctx.namespace() + ":" + name;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A TTL the test means to watch expire: a minute of manual time, or 1.5 s of real time (times
   * the timeout factor): long enough that a loaded machine still acts well inside it.
   */
  Duration ttl() {
    return time.controllable() ? Duration.ofMinutes(1)
        : ctx.timeouts().scale(Duration.ofMillis(1500));
  }

  void assertValue(String key, byte[] expected, String why) {
    Optional<byte[]> got = store.get(key);
    assertThat(got).as("get(%s): %s", key, why).isPresent();
    assertThat(got.orElseThrow()).as("value of %s: %s", key, why).isEqualTo(expected);
  }

  void assertAbsent(String key, String why) {
    assertThat(store.get(key)).as("get(%s): %s", key, why).isEmpty();
  }

  /**
   * When a TTL the test watches started: broker time, and {@link System#nanoTime()} for the
   * real-time bounds. Taken just before the write.
   */
  record Written(Instant at, long nanos) {}

  /** Now, as the start of a TTL about to be written. */
  Written writing() {
    Instant at = time.now();
    return new Written(at, System.nanoTime());
  }

  /**
   * Proves that {@code key}, written with {@code ttl} at {@code written}, lives until its TTL
   * and is gone after it. Manual: present 1 ms before,
   * absent 1 ms after. Real time: present while clearly inside the TTL, absent within the TTL
   * plus the event bound, and never absent before the TTL (minus 50 ms of clock slack).
   */
  void assertExpiresAfter(String key, Duration ttl, Written written, String what) {
    assertExpiresAfter(() -> store.get(key).isPresent(), ttl, written, what);
  }

  /** As above, with {@code probe} telling whether the entry is still there. */
  void assertExpiresAfter(BooleanSupplier probe, Duration ttl, Written written, String what) {
    Instant writtenAt = written.at();
    if (time.controllable()) {
      time.advanceTo(writtenAt.plus(ttl).minusMillis(1));
      assertThat(probe.getAsBoolean()).as("%s must live until its TTL of %s", what, ttl)
          .isTrue();
      time.advanceTo(writtenAt.plus(ttl).plusMillis(1));
      assertThat(probe.getAsBoolean()).as("%s must be gone 1 ms after its TTL of %s", what, ttl)
          .isFalse();
      return;
    }
    Awaitility.await(what + " to expire after " + ttl)
        .atMost(ttl.plus(ctx.timeouts().event()))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> {
          boolean present = probe.getAsBoolean();
          long elapsed = System.nanoTime() - written.nanos();
          if (!present && elapsed < ttl.minusMillis(50).toNanos()) {
            fail(what + " expired early: gone " + Duration.ofNanos(elapsed) + " after it was"
                + " written with a TTL of " + ttl);
          }
          return !present;
        });
  }

  /** True while real time is clearly inside a TTL started at {@code start}. */
  boolean clearlyInside(Duration ttl, Written start) {
    return time.controllable() || System.nanoTime() - start.nanos() < ttl.toNanos() / 2;
  }
}
