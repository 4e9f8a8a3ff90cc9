package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.FailureReason;
import dev.docket.InvalidConfigException;
import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.QueueOps;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 on Redis: each window where a job could be lost, leased to nobody or run early, on a
 * real server. Tests that must pause, stop, fill or reconfigure a server start a private one on
 * ports 6400-6409 ({@link PrivateRedis}); the others use the shared test Redis with a fresh key
 * prefix.
 */
class RedisLossWindowsTest {

  private static final Duration LEASE = Duration.ofMinutes(5);

  private final String prefix = "test-" + UUID.randomUUID();

  @AfterEach
  void deleteKeys() {
    RedisTestServer.deleteKeys(prefix);
  }

  private RedisBrokerConfig config() {
    return RedisBrokerConfig.builder().uri(RedisTestServer.uri()).keyPrefix(prefix).build();
  }

  private static List<Message> jobs(String idPrefix, int n, int bodyBytes) {
    return IntStream.range(0, n).mapToObj(i -> Message.of(idPrefix + i,
        (idPrefix + i + "|" + "x".repeat(bodyBytes)).getBytes(StandardCharsets.UTF_8), Map.of()))
        .toList();
  }

  private static JobFailure failure(String message) {
    return new JobFailure(FailureReason.NON_RETRYABLE, "E", message, "s", 1, Instant.now(), "w");
  }

  // ---- 10.1 ----

  @Test
  @DisplayName("issue 10.1: a fetch of 4,000 from 5,000 leases 4,000 and strands nothing")
  void item1_largeFetchStrandsNothing() throws Exception {
    String q = prefix + ".big";
    try (RedisBroker broker = RedisBroker.create(config())) {
      broker.declareQueue(q);
      assertThat(broker.publish(q, jobs("j", 5000, 10))).containsOnly(PublishOutcome.ACCEPTED);
      List<Delivery> got = broker.fetch(FetchRequest.of(q, 4000, LEASE, Duration.ZERO));
      assertThat(got).hasSize(4000);
      assertThat(got.stream().map(Delivery::id).distinct().count()).isEqualTo(4000);
      QueueStats s = broker.stats(q);
      assertThat(List.of(s.ready(), s.inFlight(), s.dead())).containsExactly(1000L, 4000L, 0L);
      assertThat(got.parallelStream().map(broker::ack).toList()).containsOnly(true);
      List<Delivery> rest = broker.fetch(FetchRequest.of(q, 4000, LEASE, Duration.ZERO));
      assertThat(rest).hasSize(1000);
      Set<String> all = new HashSet<>();
      got.forEach(d -> all.add(d.id()));
      rest.forEach(d -> all.add(d.id()));
      assertThat(all).hasSize(5000);
    }
  }

  @Test
  @DisplayName("issue 10.1: a script called with bad or oversized arguments fails before its"
      + " first write")
  void item1_scriptsValidateBeforeWriting() {
    String q = prefix + ".bad";
    try (RedisBroker broker = RedisBroker.create(config())) {
      broker.publish(q, jobs("k", 3, 1));
      QueueOps ops = new QueueOps(dev.docket.broker.redis.internal.RedisLink.connect(
          RedisTestServer.uri(), "test", false, false), prefix, Clock.systemUTC(), false);
      try {
        // More than a script may take in one call: refused, nothing popped or leased.
        assertThatThrownBy(() -> ops.runList(QueueOps.RESERVE, q, QueueOps.ascii(5000),
            QueueOps.ascii(1000), new byte[0])).isInstanceOf(DocketException.class)
            .hasMessageContaining("max jobs");
        // A malformed enqueue group: refused, nothing stored.
        assertThatThrownBy(() -> ops.runList(QueueOps.ENQUEUE, q, QueueOps.utf8("z"),
            QueueOps.utf8("x"), new byte[0], new byte[0])).isInstanceOf(DocketException.class)
            .hasMessageContaining("priority");
        assertThatThrownBy(() -> ops.runList(QueueOps.ENQUEUE, q, QueueOps.utf8("z")))
            .isInstanceOf(DocketException.class).hasMessageContaining("groups of 4");
      } finally {
        ops.link().close();
      }
      QueueStats s = broker.stats(q);
      assertThat(List.of(s.ready(), s.inFlight(), s.delayed())).containsExactly(3L, 0L, 0L);
    }
  }

  // ---- 10.4 ----

  @Test
  @DisplayName("issue 10.4: a second dead letter of the same id keeps the first; list, replay"
      + " and purge handle both")
  void item4_secondDeadLetterOfSameId_keepsBoth() throws Exception {
    String q = prefix + ".dlq";
    try (RedisBroker broker = RedisBroker.create(config())) {
      for (String body : List.of("first", "second")) {
        broker.publish(q, List.of(Message.of("same", body.getBytes(StandardCharsets.UTF_8),
            Map.of())));
        Delivery d = broker.fetch(FetchRequest.of(q, 1, LEASE, Duration.ZERO)).get(0);
        assertThat(broker.deadLetter(d, failure("failed " + body))).isTrue();
      }
      List<DeadLetter> letters = broker.deadLetters().list(q, null, 10).items();
      assertThat(letters).extracting(DeadLetter::id).containsExactly("same", "same");
      assertThat(letters).extracting(l -> new String(l.body(), StandardCharsets.UTF_8))
          .containsExactly("first", "second");
      assertThat(letters).extracting(l -> l.failure().message())
          .containsExactly("failed first", "failed second");
      assertThat(broker.stats(q).dead()).isEqualTo(2);
      // Paging by one walks both letters.
      var page = broker.deadLetters().list(q, null, 1);
      assertThat(page.nextCursor()).isNotNull();
      assertThat(broker.deadLetters().list(q, page.nextCursor(), 1).items())
          .extracting(l -> new String(l.body(), StandardCharsets.UTF_8))
          .containsExactly("second");

      // Replay by id: one letter becomes the live job; the other waits, since the id is live.
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.ids("same"))).isEqualTo(1);
      Delivery replayed = broker.fetch(FetchRequest.of(q, 1, LEASE, Duration.ZERO)).get(0);
      assertThat(new String(replayed.body(), StandardCharsets.UTF_8)).isEqualTo("first");
      assertThat(broker.ack(replayed)).isTrue();
      assertThat(broker.deadLetters().list(q, null, 10).items())
          .extracting(l -> new String(l.body(), StandardCharsets.UTF_8))
          .containsExactly("second");

      // Dead again, then purge by id deletes every letter of the id.
      broker.publish(q, List.of(Message.of("same", "third".getBytes(StandardCharsets.UTF_8),
          Map.of())));
      Delivery third = broker.fetch(FetchRequest.of(q, 1, LEASE, Duration.ZERO)).get(0);
      assertThat(broker.deadLetter(third, failure("failed third"))).isTrue();
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.ids("same"))).isEqualTo(2);
      assertThat(broker.deadLetters().list(q, null, 10).items()).isEmpty();
      assertThat(broker.stats(q).total() + broker.stats(q).dead()).isZero();
    }
  }

  // ---- 10.5 ----

  @Test
  @DisplayName("issue 10.5: a Redis whose maxmemory-policy can evict keys is refused at start,"
      + " unless allowEviction=true")
  void item5_evictingPolicy_isRefusedAtStart() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(6400, "--maxmemory-policy", "allkeys-lru")) {
      RedisBrokerConfig config = RedisBrokerConfig.builder().uri(redis.uri()).keyPrefix(prefix).build();
      assertThatThrownBy(() -> RedisBroker.create(config))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("maxmemory-policy allkeys-lru")
          .hasMessageContaining("maxmemory-policy noeviction")
          .hasMessageContaining("allowEviction=true");
      redis.cli("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
      assertThatThrownBy(() -> RedisBroker.create(config))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("volatile-ttl").hasMessageContaining("TTL");
      try (RedisBroker b = RedisBroker.create(config.toBuilder().allowEviction(true).build())) {
        assertThat(b.stats("q").total()).isZero();
      }
      redis.cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
      try (RedisBroker b = RedisBroker.create(config)) {
        assertThat(b.stats("q").total()).isZero();
      }
    }
    // CONFIG renamed away (as managed services do): cannot check, so start with a warning.
    try (PrivateRedis redis = PrivateRedis.start(6400, "--rename-command", "CONFIG", "")) {
      try (RedisBroker b = RedisBroker.create(RedisBrokerConfig.builder().uri(redis.uri()).build())) {
        assertThat(b.stats("q").total()).isZero();
      }
    }
  }

  @Test
  @DisplayName("issue 10.5: at maxmemory under noeviction, enqueue fails clearly and nothing"
      + " stored changes")
  void item5_fullRedis_enqueueFailsAndNothingStoredChanges() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(6401, "--maxmemory", "4mb",
        "--maxmemory-policy", "noeviction")) {
      try (RedisBroker broker = RedisBroker.create(
          RedisBrokerConfig.builder().uri(redis.uri()).keyPrefix(prefix).build())) {
        String q = "full";
        List<String> stored = new ArrayList<>();
        DocketException full = null;
        for (int batch = 0; batch < 200 && full == null; batch++) {
          List<Message> msgs = jobs("b" + batch + "-", 50, 4096);
          try {
            broker.publish(q, msgs);
            msgs.forEach(m -> stored.add(m.id()));
          } catch (DocketException e) {
            full = e;
          }
        }
        assertThat(full).as("Redis with maxmemory 4mb never filled up").isNotNull();
        assertThat(full.getMessage()).contains("is full").contains("maxmemory");
        // Redis refuses a write only while memory in use exceeds the limit, and the refused batch
        // frees its 200 KB request buffer, which can take it back under by a few KB. Hold the
        // limit well below what is in use, so the server stays full for the rest of the test.
        long used = Long.parseLong(redis.cli("INFO", "memory").lines()
            .filter(l -> l.startsWith("used_memory:")).findFirst().orElseThrow()
            .substring("used_memory:".length()).trim());
        redis.cli("CONFIG", "SET", "maxmemory", Long.toString(used - 512 * 1024));
        QueueStats before = broker.stats(q);
        assertThat(before.ready()).isEqualTo(stored.size());
        assertThatThrownBy(() -> broker.publish(q, jobs("late", 1, 4096)))
            .isInstanceOf(DocketException.class).hasMessageContaining("is full");
        assertThat(broker.stats(q).ready()).isEqualTo(before.ready());

        // Still full, workers drain: fetch and ack keep working.
        List<Delivery> drained = broker.fetch(FetchRequest.of(q, 10, LEASE, Duration.ZERO));
        assertThat(drained).hasSize(10);
        // Still full, owner heartbeats land (else every owner would be judged dead): the
        // broker's deadline moves on.
        String owners = QueueKeys.of(prefix, q).keys()[11];
        String beat = redis.cli("ZRANGE", owners, "0", "-1", "WITHSCORES");
        assertThat(beat).as("the reserve recorded its owner").isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(
            () -> !redis.cli("ZRANGE", owners, "0", "-1", "WITHSCORES").equals(beat));
        assertThatThrownBy(() -> broker.publish(q, jobs("later", 1, 4096)))
            .as("still full").hasMessageContaining("is full");
        assertThat(drained.stream().map(broker::ack).toList()).containsOnly(true);
        Set<String> seen = new HashSet<>();
        drained.forEach(d -> seen.add(d.id()));

        // Room again: every job stored before the limit is there, byte for byte.
        redis.cli("CONFIG", "SET", "maxmemory", "0");
        List<Delivery> got;
        while (!(got = broker.fetch(FetchRequest.of(q, 1000, LEASE, Duration.ZERO))).isEmpty()) {
          for (Delivery d : got) {
            assertThat(new String(d.body(), StandardCharsets.UTF_8)).startsWith(d.id() + "|");
            seen.add(d.id());
          }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
      }
    }
  }

  // ---- 10.8 ----

  @Test
  @DisplayName("issue 10.8: a reserve that runs after its caller timed out leases nothing and"
      + " raises no delivery count")
  void item8_lateReserve_leasesNothing() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(6402)) {
      try (RedisBroker broker = RedisBroker.create(RedisBrokerConfig.builder().uri(redis.uri())
          .keyPrefix(prefix).commandTimeout(Duration.ofMillis(500)).build())) {
        String q = "late";
        // As in a running worker: the server knows the reserve script (else the late call would
        // only meet NOSCRIPT) and the fetcher watches the queue's channel.
        assertThat(broker.fetch(FetchRequest.of(q, 1, LEASE, Duration.ZERO))).isEmpty();
        broker.publish(q, jobs("l", 3, 1));
        assertThat(broker.stats(q).ready()).isEqualTo(3);
        redis.cli("CLIENT", "PAUSE", "2500", "ALL");
        long start = System.nanoTime();
        assertThatThrownBy(() -> broker.fetch(FetchRequest.of(q, 10, LEASE, Duration.ZERO)))
            .isInstanceOf(BrokerUnavailableException.class)
            .hasMessageContaining("commandTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // Once the pause ends the server runs the queued reserve; the stats script runs after
        // it on the same connection.
        QueueStats s = await().atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> broker.stats(q), st -> true);
        assertThat(List.of(s.ready(), s.inFlight())).as("the late reserve leased nothing")
            .containsExactly(3L, 0L);
        List<Delivery> got = broker.fetch(FetchRequest.of(q, 10, LEASE, Duration.ZERO));
        assertThat(got).hasSize(3).extracting(Delivery::deliveryCount).containsOnly(1);
      }
    }
  }

  @Test
  @DisplayName("issue 10.8: an enqueue while Redis is down fails at once and is not stored"
      + " after the reconnect")
  void item8_enqueueWhileDisconnected_isRejectedNotReplayed() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start(6403, "--appendonly", "yes",
        "--appendfsync", "always")) {
      try (RedisBroker broker = RedisBroker.create(RedisBrokerConfig.builder().uri(redis.uri())
          .keyPrefix(prefix).commandTimeout(Duration.ofSeconds(2)).build())) {
        String q = "down";
        broker.publish(q, jobs("before", 1, 1));
        redis.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> broker.publish(q, jobs("during", 1, 1)))
            .isInstanceOf(BrokerUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        redis.restart();
        QueueStats s = await().atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .until(() -> broker.stats(q), st -> true);
        assertThat(s.ready()).as("only the job stored before the outage").isEqualTo(1);
        assertThat(broker.publish(q, jobs("during", 1, 1)))
            .as("the refused enqueue was not replayed").containsExactly(PublishOutcome.ACCEPTED);
      }
    }
  }

  // ---- 10.13 ----

  @Test
  @DisplayName("issue 10.13: a client clock 2 s fast or slow neither advances nor delays a"
      + " 1 s delay on the server")
  void item13_skewedClientClock_delayIsServerTime() throws Exception {
    for (long skewMs : new long[] {2000, -2000}) {
      Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMillis(skewMs));
      String q = prefix + ".skew" + skewMs;
      try (RedisBroker broker = RedisBroker.create(config().toBuilder().clock(skewed).build())) {
        broker.publish(q, List.of(Message.of("d", new byte[] {1}, Map.of())
            .withNotBefore(skewed.instant().plusSeconds(1))));
        Delivery d = null;
        long give = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (d == null && System.nanoTime() < give) {
          List<Delivery> got = broker.fetch(FetchRequest.of(q, 1, LEASE,
              Duration.ofMillis(100)));
          d = got.isEmpty() ? null : got.get(0);
        }
        assertThat(d).as("skew %s ms: delivered", skewMs).isNotNull();
        // Both instants are the server's: enqueuedAt from the enqueue script, the reserve's
        // now from the lease deadline it set.
        Instant reservedAt = d.leaseExpiresAt().minus(LEASE);
        Duration waited = Duration.between(d.enqueuedAt(), reservedAt);
        assertThat(waited).as("skew %s ms: server time from enqueue to delivery", skewMs)
            .isGreaterThanOrEqualTo(Duration.ofMillis(999))
            .isLessThan(Duration.ofMillis(2500));
      }
    }
  }
}
