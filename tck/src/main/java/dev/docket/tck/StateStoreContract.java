package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * S1–S3: what every {@link StateStore} keeps, so the coordination features (locks, idempotency,
 * permits, rate limits, results) behave the same on every store. A store module writes one
 * subclass:
 *
 * <pre>{@code
 * class RedisStateStoreContractTest extends StateStoreContract {
 *   @Override
 *   protected StateStore createStore(TckContext ctx) {
 *     return RedisStateStore.create(redisUri(), Clock.systemUTC());
 *   }
 * }
 * }</pre>
 *
 * <p>Every key a test touches starts with {@link TckContext#namespace()}, so runs against one
 * shared server never see each other's keys. When the store reads its TTLs from the clock it was
 * given, the fixture passes {@link TckContext#clock()} and overrides {@link #storeFollowsClock()}:
 * expiry is then checked exactly (1 ms before and after) with no waiting. Otherwise TTLs are short
 * and real time passes, bounded by {@link TckTimeouts}.
 *
 * @since 0.1
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StateStoreContract {

  private static final @Nullable Duration NO_TTL = null;

  /** The context of the running test. */
  protected TckContext ctx;

  /** The store under test, fresh for this test. */
  protected StateStore store;

  /** Time as the store sees it. */
  protected TckTime time;

  /** A fresh, open store for one test; the TCK closes it after the test. */
  protected abstract StateStore createStore(TckContext ctx);

  /**
   * Whether the store reads TTLs from {@link TckContext#clock()} (then the TCK moves time by
   * hand). Default false: real time with short TTLs.
   */
  protected boolean storeFollowsClock() {
    return false;
  }

  /** Deletes what a key namespace cannot isolate, after each test; the default does nothing. */
  protected void cleanup(TckContext ctx) {}

  @BeforeEach
  final void openStore(TestInfo info) {
    ctx = TckContext.forTest(info);
    time = TckTime.of(storeFollowsClock(), ctx);
    store = createStore(ctx);
    if (store == null) {
      fail("createStore(ctx) of " + getClass().getName() + " returned null; it must return a"
          + " fresh, open store for " + ctx);
    }
  }

  @AfterEach
  final void closeStore() {
    try {
      store.close();
    } finally {
      cleanup(ctx);
    }
  }

  /** The key {@code name} of this test: the namespace, a colon, the name. */
  protected String key(String name) {
    return ctx.namespace() + ":" + name;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A TTL the test means to watch expire: a minute of manual time, or 1.5 s of real time (times
   * the timeout factor): long enough that a loaded machine still acts well inside it.
   */
  private Duration ttl() {
    return time.controllable() ? Duration.ofMinutes(1)
        : ctx.timeouts().scale(Duration.ofMillis(1500));
  }

  private void assertValue(String key, byte[] expected, String why) {
    Optional<byte[]> got = store.get(key);
    assertThat(got).as("get(%s): %s", key, why).isPresent();
    assertThat(got.orElseThrow()).as("value of %s: %s", key, why).isEqualTo(expected);
  }

  private void assertAbsent(String key, String why) {
    assertThat(store.get(key)).as("get(%s): %s", key, why).isEmpty();
  }

  /**
   * Proves that {@code key}, written with {@code ttl} at {@code writtenAt} (nanoTime before the
   * write in real time), lives until its TTL and is gone after it. Manual: present 1 ms before,
   * absent 1 ms after. Real time: present while clearly inside the TTL, absent within the TTL
   * plus the event bound, and never absent before the TTL (minus 50 ms of clock slack).
   */
  private void assertExpiresAfter(String key, Duration ttl, Instant writtenAt, long writtenNanos,
      String what) {
    assertExpiresAfter(() -> store.get(key).isPresent(), ttl, writtenAt, writtenNanos, what);
  }

  /** As above, with {@code probe} telling whether the entry is still there. */
  private void assertExpiresAfter(BooleanSupplier probe, Duration ttl, Instant writtenAt,
      long writtenNanos, String what) {
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
          long elapsed = System.nanoTime() - writtenNanos;
          if (!present && elapsed < ttl.minusMillis(50).toNanos()) {
            fail(what + " expired early: gone " + Duration.ofNanos(elapsed) + " after it was"
                + " written with a TTL of " + ttl);
          }
          return !present;
        });
  }

  /** True while real time is clearly inside a TTL started at {@code startNanos}. */
  private boolean clearlyInside(Duration ttl, long startNanos) {
    return time.controllable() || System.nanoTime() - startNanos < ttl.toNanos() / 2;
  }

  // ---- S1 semantics of each method ----

  @Test
  @Tag("required")
  @DisplayName("S1.1 a key never written is absent to get and list")
  void s1_01_absentKey() {
    assertAbsent(key("never"), "nothing was written");
    assertThat(store.list(key("never"))).as("list of a key never written").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.2 put stores a value that get returns; a second put replaces it")
  void s1_02_putGetOverwrite() {
    String k = key("v");
    store.put(k, bytes("one"), NO_TTL);
    assertValue(k, bytes("one"), "after put");
    store.put(k, bytes("two"), NO_TTL);
    assertValue(k, bytes("two"), "after a second put");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.3 values are binary-safe: every byte value, an empty value and 1 MiB survive")
  void s1_03_binarySafe() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    store.put(key("every"), every, NO_TTL);
    store.put(key("empty"), new byte[0], NO_TTL);
    store.put(key("big"), big, NO_TTL);
    assertValue(key("every"), every, "all 256 byte values twice, including 0x00 and 0xff");
    assertValue(key("empty"), new byte[0], "an empty value is present, not absent");
    assertValue(key("big"), big, "a 1 MiB value");
    assertThat(store.putIfAbsent(key("pia"), every, NO_TTL)).isTrue();
    assertThat(store.compareAndDelete(key("pia"), every.clone()))
        .as("compareAndDelete compares bytes, not identity").isTrue();
    store.append(key("list"), every, NO_TTL);
    store.append(key("list"), new byte[0], NO_TTL);
    assertThat(store.list(key("list"))).as("binary list elements")
        .containsExactly(every, new byte[0]);
  }

  @Test
  @Tag("required")
  @DisplayName("S1.4 the store keeps its own copy: changing an array after put or after get"
      + " changes nothing stored")
  void s1_04_valuesAreCopied() {
    String k = key("copy");
    byte[] value = bytes("original");
    store.put(k, value, NO_TTL);
    value[0] = 'X';
    assertValue(k, bytes("original"), "the caller changed its array after put");
    byte[] got = store.get(k).orElseThrow();
    got[0] = 'Y';
    assertValue(k, bytes("original"), "the caller changed the array get returned");
    byte[] element = bytes("element");
    store.append(key("list"), element, NO_TTL);
    element[0] = 'Z';
    assertThat(store.list(key("list"))).containsExactly(bytes("element"));
  }

  @Test
  @Tag("required")
  @DisplayName("S1.5 putIfAbsent sets only an absent key; the first value stands")
  void s1_05_putIfAbsent() {
    String k = key("once");
    assertThat(store.putIfAbsent(k, bytes("first"), NO_TTL)).as("on an absent key").isTrue();
    assertThat(store.putIfAbsent(k, bytes("second"), NO_TTL)).as("on a present key").isFalse();
    assertValue(k, bytes("first"), "a refused putIfAbsent changes nothing");
    store.delete(k);
    assertThat(store.putIfAbsent(k, bytes("third"), NO_TTL)).as("after delete").isTrue();
    assertValue(k, bytes("third"), "putIfAbsent after delete");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.6 compareAndDelete deletes only when the key holds the expected bytes")
  void s1_06_compareAndDelete() {
    String k = key("owned");
    store.put(k, bytes("token-a"), NO_TTL);
    assertThat(store.compareAndDelete(k, bytes("token-b"))).as("with another token").isFalse();
    assertValue(k, bytes("token-a"), "a refused compareAndDelete changes nothing");
    assertThat(store.compareAndDelete(k, bytes("token-a"))).as("with the holder's token")
        .isTrue();
    assertAbsent(k, "after compareAndDelete");
    assertThat(store.compareAndDelete(k, bytes("token-a"))).as("on an absent key").isFalse();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.7 compareAndExpire answers true only when the key holds the expected bytes")
  void s1_07_compareAndExpire() {
    String k = key("lease");
    store.put(k, bytes("token-a"), NO_TTL);
    assertThat(store.compareAndExpire(k, bytes("token-b"), Duration.ofMinutes(5)))
        .as("with another token").isFalse();
    assertThat(store.compareAndExpire(k, bytes("token-a"), Duration.ofMinutes(5)))
        .as("with the holder's token").isTrue();
    assertValue(k, bytes("token-a"), "compareAndExpire keeps the value");
    assertThat(store.compareAndExpire(key("absent"), bytes("token-a"), Duration.ofMinutes(5)))
        .as("on an absent key").isFalse();
    assertAbsent(key("absent"), "compareAndExpire must not create a key");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.8 increment starts from 0 and returns the new value, for any delta")
  void s1_08_increment() {
    String k = key("counter");
    assertThat(store.increment(k, 1, NO_TTL)).isEqualTo(1);
    assertThat(store.increment(k, 5, NO_TTL)).isEqualTo(6);
    assertThat(store.increment(k, -10, NO_TTL)).isEqualTo(-4);
    assertThat(store.increment(k, 0, NO_TTL)).as("a zero delta reads").isEqualTo(-4);
    assertThat(store.increment(key("other"), 7, NO_TTL)).as("another counter").isEqualTo(7);
    store.delete(k);
    assertThat(store.increment(k, 2, NO_TTL)).as("after delete, from 0 again").isEqualTo(2);
  }

  @Test
  @Tag("required")
  @DisplayName("S1.9 append returns the new length; list returns every element oldest first")
  void s1_09_appendAndList() {
    String k = key("list");
    assertThat(store.append(k, bytes("a"), NO_TTL)).isEqualTo(1);
    assertThat(store.append(k, bytes("b"), NO_TTL)).isEqualTo(2);
    assertThat(store.append(k, bytes("a"), NO_TTL)).as("duplicates are kept").isEqualTo(3);
    assertThat(store.list(k)).containsExactly(bytes("a"), bytes("b"), bytes("a"));
    store.delete(k);
    assertThat(store.list(k)).as("after delete").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.10 delete removes a value, a counter or a list; deleting an absent key is a"
      + " no-op")
  void s1_10_delete() {
    store.put(key("v"), bytes("x"), NO_TTL);
    store.increment(key("c"), 3, NO_TTL);
    store.append(key("l"), bytes("x"), NO_TTL);
    store.delete(key("v"));
    store.delete(key("c"));
    store.delete(key("l"));
    store.delete(key("never"));
    assertAbsent(key("v"), "deleted value");
    assertThat(store.increment(key("c"), 0, NO_TTL)).as("deleted counter reads 0").isZero();
    assertThat(store.list(key("l"))).as("deleted list").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.11 keys are exact: keys sharing a prefix, and keys with glob or special"
      + " characters, are independent")
  void s1_11_keysAreExact() {
    List<String> keys = List.of(key("a"), key("ab"), key("a:b"), key("a*"), key("a?"),
        key("{a}"), key("a b"), key("ä→✓"), key("A"));
    for (String k : keys) {
      store.put(k, bytes("value of " + k), NO_TTL);
    }
    store.delete(key("a*"));
    assertAbsent(key("a*"), "deleted");
    for (String k : keys) {
      if (!k.equals(key("a*"))) {
        assertValue(k, bytes("value of " + k), "deleting " + key("a*") + " must touch no other"
            + " key");
      }
    }
    assertThat(store.putIfAbsent(key("a"), bytes("x"), NO_TTL)).isFalse();
    assertThat(store.compareAndDelete(key("a"), bytes("value of " + key("a")))).isTrue();
    assertValue(key("ab"), bytes("value of " + key("ab")), "a key that extends a deleted one");
  }

  // ---- S2 TTLs ----

  @Test
  @Tag("required")
  @DisplayName("S2.1 put with a TTL lives until it and is gone after it; put without one stays")
  void s2_01_putTtl() {
    Duration ttl = ttl();
    Instant at = time.now();
    long nanos = System.nanoTime();
    store.put(key("short"), bytes("x"), ttl);
    store.put(key("forever"), bytes("y"), NO_TTL);
    if (clearlyInside(ttl, nanos)) {
      assertValue(key("short"), bytes("x"), "inside its TTL");
    }
    assertExpiresAfter(key("short"), ttl, at, nanos, "a put with TTL " + ttl);
    assertValue(key("forever"), bytes("y"), "a put without TTL, after the other expired");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.2 put replaces the TTL: a key written again without one no longer expires")
  void s2_02_putReplacesTtl() {
    Duration ttl = ttl();
    long nanos = System.nanoTime();
    Instant at = time.now();
    store.put(key("k"), bytes("x"), ttl);
    store.put(key("k"), bytes("y"), NO_TTL);
    store.put(key("probe"), bytes("p"), ttl);
    assertExpiresAfter(key("probe"), ttl, at, nanos, "a probe written with the same TTL");
    assertValue(key("k"), bytes("y"), "rewritten without a TTL");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.3 putIfAbsent with a TTL succeeds again once the earlier value expired")
  void s2_03_putIfAbsentAfterExpiry() {
    Duration ttl = ttl();
    Instant at = time.now();
    long nanos = System.nanoTime();
    assertThat(store.putIfAbsent(key("lock"), bytes("owner-1"), ttl)).isTrue();
    if (clearlyInside(ttl, nanos)) {
      assertThat(store.putIfAbsent(key("lock"), bytes("owner-2"), ttl))
          .as("inside the first owner's TTL").isFalse();
    }
    assertExpiresAfter(key("lock"), ttl, at, nanos, "the first owner's value");
    assertThat(store.putIfAbsent(key("lock"), bytes("owner-2"), ttl))
        .as("after the first owner's TTL").isTrue();
    assertValue(key("lock"), bytes("owner-2"), "the second owner holds it");
    assertThat(store.compareAndDelete(key("lock"), bytes("owner-1")))
        .as("the expired owner cannot delete the new owner's value").isFalse();
  }

  @Test
  @Tag("required")
  @DisplayName("S2.4 compareAndExpire by the holder restarts the TTL from now; by anyone else it"
      + " changes nothing")
  void s2_04_compareAndExpireExtends() {
    Duration ttl = ttl();
    store.put(key("held"), bytes("me"), ttl);
    Instant firstAt = time.now();
    long firstNanos = System.nanoTime();
    store.put(key("other"), bytes("me"), ttl);
    // Half way through, the holder extends "held" by a full TTL; a stranger tries "other".
    time.advanceTo(firstAt.plus(ttl.dividedBy(2)));
    Instant extendedAt = time.now();
    long extendedNanos = System.nanoTime();
    assertThat(store.compareAndExpire(key("held"), bytes("me"), ttl)).as("holder extends")
        .isTrue();
    assertThat(store.compareAndExpire(key("other"), bytes("stranger"), ttl.multipliedBy(10)))
        .as("a stranger's extend").isFalse();
    assertExpiresAfter(key("other"), ttl, firstAt, firstNanos,
        "a key a stranger tried to extend");
    assertThat(store.get(key("held"))).as("the extended key outlives its first TTL").isPresent();
    assertExpiresAfter(key("held"), ttl, extendedAt, extendedNanos, "the extended key");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.5 increment sets the TTL only when it creates the counter (a fixed window);"
      + " after expiry it counts from 0")
  void s2_05_incrementTtlIsFixed() {
    Duration ttl = ttl();
    String k = key("window");
    Instant at = time.now();
    long nanos = System.nanoTime();
    assertThat(store.increment(k, 1, ttl)).isEqualTo(1);
    time.advanceTo(at.plus(ttl.dividedBy(2)));
    // A later increment with a longer TTL must not move the window's end.
    assertThat(store.increment(k, 1, ttl.multipliedBy(10))).isEqualTo(2);
    // Probing with a zero delta reads the counter; once it expired the probe starts a new window
    // at 0, which the next increment continues.
    assertExpiresAfter(() -> store.increment(k, 0, ttl) != 0, ttl, at, nanos, "the counter");
    assertThat(store.increment(k, 1, ttl)).as("first increment of a new window").isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("S2.6 append sets the TTL only when it creates the list; the list expires whole")
  void s2_06_appendTtl() {
    Duration ttl = ttl();
    String k = key("list");
    Instant at = time.now();
    long nanos = System.nanoTime();
    store.append(k, bytes("a"), ttl);
    time.advanceTo(at.plus(ttl.dividedBy(2)));
    store.append(k, bytes("b"), ttl.multipliedBy(10));
    if (clearlyInside(ttl, nanos)) {
      assertThat(store.list(k)).containsExactly(bytes("a"), bytes("b"));
    }
    assertExpiresAfter(() -> !store.list(k).isEmpty(), ttl, at, nanos, "the list");
    assertThat(store.append(k, bytes("c"), NO_TTL)).as("a new list after expiry").isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("S2.7 an expired key is absent to every operation")
  void s2_07_expiredIsAbsentEverywhere() {
    Duration ttl = ttl();
    Instant at = time.now();
    long nanos = System.nanoTime();
    store.put(key("gone"), bytes("t"), ttl);
    assertExpiresAfter(key("gone"), ttl, at, nanos, "the value");
    assertThat(store.compareAndDelete(key("gone"), bytes("t"))).as("compareAndDelete").isFalse();
    assertThat(store.compareAndExpire(key("gone"), bytes("t"), Duration.ofMinutes(5)))
        .as("compareAndExpire must not revive an expired key").isFalse();
    assertAbsent(key("gone"), "after the refused compareAndExpire");
  }

  // ---- S3 atomicity under concurrency ----

  private static final int THREADS = 8;

  /** Runs {@code body(i)} on 8 threads released together; returns their results in order. */
  private <T> List<T> race(IndexedCall<T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int index = i;
        Callable<T> call = () -> {
          go.await();
          return body.call(index);
        };
        futures.add(pool.submit(call));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  @Test
  @Tag("required")
  @DisplayName("S3.1 of 8 threads racing putIfAbsent on one key exactly one wins, and its value"
      + " is stored")
  void s3_01_putIfAbsentRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      String k = key("race-" + round);
      List<Boolean> won = race(i -> store.putIfAbsent(k, bytes("thread-" + i), Duration
          .ofMinutes(5)));
      assertThat(won.stream().filter(w -> w).count()).as("winners of round %s", round)
          .isEqualTo(1);
      assertValue(k, bytes("thread-" + won.indexOf(true)), "the winner's value");
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.2 8 threads × 250 increments sum exactly, and no two return the same value")
  void s3_02_incrementRace() throws Exception {
    String k = key("sum");
    List<List<Long>> seen = race(i -> {
      List<Long> mine = new ArrayList<>();
      for (int n = 0; n < 250; n++) {
        mine.add(store.increment(k, 1, Duration.ofMinutes(5)));
      }
      return mine;
    });
    Set<Long> all = new HashSet<>();
    seen.forEach(all::addAll);
    assertThat(store.increment(k, 0, NO_TTL)).as("the sum").isEqualTo(THREADS * 250L);
    assertThat(all).as("every increment returns a value no other increment returned")
        .hasSize(THREADS * 250);
  }

  @Test
  @Tag("required")
  @DisplayName("S3.3 8 threads × 50 appends keep every element, each append returning a distinct"
      + " length")
  void s3_03_appendRace() throws Exception {
    String k = key("log");
    List<List<Long>> lengths = race(i -> {
      List<Long> mine = new ArrayList<>();
      for (int n = 0; n < 50; n++) {
        mine.add(store.append(k, bytes(i + "-" + n), Duration.ofMinutes(5)));
      }
      return mine;
    });
    Set<Long> all = new HashSet<>();
    lengths.forEach(all::addAll);
    assertThat(all).as("lengths returned").hasSize(THREADS * 50);
    List<String> elements = store.list(k).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    assertThat(elements).as("list after the race").hasSize(THREADS * 50)
        .doesNotHaveDuplicates();
    for (int i = 0; i < THREADS; i++) {
      String prefix = i + "-";
      List<Integer> mine = elements.stream().filter(e -> e.startsWith(prefix))
          .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
      assertThat(mine).as("thread %s's elements, in its own order", i).isSorted().hasSize(50);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.4 of 8 threads racing compareAndDelete with the right bytes exactly one wins")
  void s3_04_compareAndDeleteRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      String k = key("cad-" + round);
      store.put(k, bytes("token"), Duration.ofMinutes(5));
      List<Boolean> won = race(i -> store.compareAndDelete(k, bytes("token")));
      assertThat(won.stream().filter(w -> w).count()).as("winners of round %s", round)
          .isEqualTo(1);
      assertAbsent(k, "after the race");
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.5 a lock built from putIfAbsent and compareAndDelete never has two holders")
  void s3_05_mutualExclusion() throws Exception {
    String k = key("mutex");
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger maxHolders = new AtomicInteger();
    List<Integer> acquired = race(i -> {
      byte[] token = bytes("owner-" + i);
      int mine = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (mine < 25 && System.nanoTime() < deadline) {
        if (store.putIfAbsent(k, token, Duration.ofMinutes(5))) {
          maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
          holders.decrementAndGet();
          if (!store.compareAndDelete(k, token)) {
            throw new AssertionError("owner-" + i + " could not release its own lock");
          }
          mine++;
        }
      }
      return mine;
    });
    assertThat(maxHolders.get()).as("most holders at once").isEqualTo(1);
    assertThat(acquired.stream().mapToInt(Integer::intValue).sum())
        .as("acquisitions by 8 threads (each wants 25 within 5 s)").isPositive();
    assertThat(Arrays.asList(acquired.toArray())).hasSize(THREADS);
  }
}
