package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.testing.ManualClock;
import dev.docket.tck.fault.LeaseHolder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the leases of a broker that stops beating (a killed worker process) come back after
 * the owner timeout, not after the lease; a live broker keeps its lease for the whole lease.
 * A closed broker releases nothing and stops beating: to Redis it looks like a killed process.
 */
class RedisOwnerRecoveryTest {

  private static final Duration LONG_LEASE = Duration.ofSeconds(30);

  private final String prefix = "test-" + UUID.randomUUID();
  private final String queue = prefix + ".q";
  private final List<RedisBroker> open = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    open.forEach(RedisBroker::close);
    RedisTestServer.deleteKeys(prefix);
  }

  private RedisBroker broker(RedisBrokerConfig config) {
    RedisBroker b = RedisBroker.create(config);
    open.add(b);
    return b;
  }

  private RedisBrokerConfig config() {
    return RedisBrokerConfig.builder().uri(RedisTestServer.uri()).keyPrefix(prefix).build();
  }

  private void publish(RedisBroker b, int n) {
    b.declareQueue(queue);
    List<Message> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(Message.of("job-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    b.publish(queue, ms);
  }

  /**
   * Keeps taking from {@code b} for {@code during} (failing after {@code atMost}) and requires
   * that nothing comes; returns the (empty, thread-safe) list the takes went to.
   */
  private List<Delivery> takesNothing(RedisBroker b, Duration during, Duration atMost) {
    List<Delivery> got = new CopyOnWriteArrayList<>();
    await().during(during).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
      got.addAll(take(b, 1, Duration.ofMillis(300)));
      return got.isEmpty();
    });
    return got;
  }

  private List<Delivery> take(RedisBroker b, int max, Duration wait) throws InterruptedException {
    return b.fetch(FetchRequest.of(queue, max, LONG_LEASE, wait));
  }

  /** Publishes {@code n} jobs through {@code b} and takes them all back at once (5 s wait). */
  private List<Delivery> publishAndTake(RedisBroker b, int n) throws InterruptedException {
    publish(b, n);
    List<Delivery> got = take(b, n, Duration.ofSeconds(5));
    assertThat(got).hasSize(n);
    return got;
  }

  /** Keeps taking from {@code b} until {@code n} deliveries came, failing after {@code atMost}. */
  private List<Delivery> takeUntil(RedisBroker b, int n, Duration atMost) {
    List<Delivery> got = new CopyOnWriteArrayList<>();
    await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
      got.addAll(take(b, n, Duration.ofMillis(500)));
      return got.size() >= n;
    });
    return got;
  }

  @Test
  void killedBroker_jobsRunAgainWithinOwnerTimeout_withDeliveryCounted() throws Exception {
    RedisBroker dying = broker(config());
    List<Delivery> first = publishAndTake(dying, 3);
    long killedAt = System.nanoTime();
    dying.close();

    RedisBroker survivor = broker(config());
    // Owner timeout 4 s plus one heartbeat and scheduling slack; the lease alone would take 30 s.
    List<Delivery> again = takeUntil(survivor, 3, Duration.ofSeconds(9));
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrder("job-0", "job-1", "job-2");
    assertThat(again).allSatisfy(d -> {
      assertThat(d.deliveryCount()).isEqualTo(2);
      assertThat(new String(d.body(), StandardCharsets.UTF_8))
          .isEqualTo("body-" + d.id().substring(4));
    });
    // The dead owner's tokens no longer hold anything; the new ones do.
    for (Delivery d : first) {
      assertThat(survivor.ack(d)).isFalse();
      assertThat(survivor.extendLease(d, LONG_LEASE)).isFalse();
    }
    for (Delivery d : again) {
      assertThat(survivor.ack(d)).isTrue();
    }
    assertThat(survivor.stats(queue).inFlight()).isZero();
  }

  @Test
  void sigkilledWorkerProcess_jobsRunAgainWithinOwnerTimeout() throws Exception {
    RedisBroker producer = broker(config());
    publish(producer, 2);
    // Closing it is SIGKILL: no close, no release, the heartbeat just stops.
    try (LeaseHolder child = LeaseHolder.start(LeaseHolderMain.class,
        RedisTestServer.uri().toString(), prefix, queue, "2")) {
      assertThat(child.leased()).isEqualTo(2);
      assertThat(producer.stats(queue).inFlight()).isEqualTo(2);
    }
    long killedAt = System.nanoTime();
    List<Delivery> again = takeUntil(producer, 2, Duration.ofSeconds(9));
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(9));
    assertThat(again).extracting(Delivery::deliveryCount).containsOnly(2);
    assertThat(again).allSatisfy(d -> assertThat(producer.ack(d)).isTrue());
  }

  @Test
  void liveBroker_slowHandler_keepsItsLeasePastOwnerTimeout() throws Exception {
    RedisBroker worker = broker(config());
    List<Delivery> held = publishAndTake(worker, 1);
    RedisBroker other = broker(config());
    // Twice the owner timeout, while the holder runs its "slow job" and only beats.
    takesNothing(other, Duration.ofSeconds(8), Duration.ofSeconds(12));
    assertThat(worker.ack(held.get(0))).isTrue();
  }

  @Test
  void brokerWithoutHeartbeat_fallsBackToTheLeaseDeadline() throws Exception {
    RedisBroker old = broker(config().toBuilder().heartbeat(Duration.ZERO).build());
    publish(old, 1);
    List<Delivery> held = old.fetch(FetchRequest.of(queue, 1, Duration.ofSeconds(7),
        Duration.ofSeconds(5)));
    assertThat(held).hasSize(1);
    old.close();
    RedisBroker survivor = broker(config());
    // Beyond the owner timeout nothing comes back: that lease names no owner.
    takesNothing(survivor, Duration.ofSeconds(5), Duration.ofSeconds(6));
    List<Delivery> again = takeUntil(survivor, 1, Duration.ofSeconds(8));
    assertThat(again.get(0).deliveryCount()).isEqualTo(2);
  }

  @Test
  void manualClock_drivesHeartbeats_deterministically() throws Exception {
    ManualClock clock = new ManualClock();
    RedisBroker live = broker(config().toBuilder().clock(clock).build());
    RedisBroker dying = broker(config().toBuilder().clock(clock).build());
    RedisBroker watcher = broker(config().toBuilder().clock(clock).build());
    publish(live, 2);
    List<Delivery> kept = take(live, 1, Duration.ZERO);
    List<Delivery> lost = take(dying, 1, Duration.ZERO);
    assertThat(kept).hasSize(1);
    assertThat(lost).hasSize(1);
    dying.close();
    assertThat(take(watcher, 1, Duration.ZERO)).isEmpty();
    // Step by step, as a heartbeat would see it: the live broker beats on every advance.
    for (int s = 0; s < 3; s++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(take(watcher, 1, Duration.ZERO)).as("before the owner timeout").isEmpty();
    }
    // Jobs enqueued meanwhile wait: the reclaimed job had its turn already and goes first.
    live.publish(queue, List.of(Message.of("late-0", new byte[] {1}, Map.of()),
        Message.of("late-1", new byte[] {2}, Map.of())));
    clock.advance(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(100));
    List<Delivery> back = take(watcher, 1, Duration.ZERO);
    assertThat(back).extracting(Delivery::id).containsExactly(lost.get(0).id());
    assertThat(back.get(0).deliveryCount()).isEqualTo(2);
    assertThat(watcher.ack(lost.get(0))).isFalse();
    assertThat(live.ack(kept.get(0))).isTrue();
    assertThat(watcher.ack(back.get(0))).isTrue();
  }

  @Test
  void heartbeat_beatsOnlyQueuesWhoseLeasesMayStillLive() throws Exception {
    ManualClock clock = new ManualClock();
    RedisBroker b = broker(config().toBuilder().clock(clock).build());
    List<String> served = List.of(queue, prefix + ".once-a", prefix + ".once-b");
    b.publish(queue, List.of(Message.of("k", new byte[] {1}, Map.of())));
    List<Delivery> got = b.fetch(new FetchRequest(served, 10, Duration.ofSeconds(5),
        Duration.ZERO));
    assertThat(got).hasSize(1);
    assertThat(beatenAfter2s(clock, served))
        .as("every fetched queue while a 5 s lease may live (plus the 4 s owner timeout)")
        .containsExactlyElementsOf(served);
    // The running job's lease is extended; the two queues it never came from are let go.
    assertThat(b.extendLease(got.get(0), Duration.ofSeconds(30))).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(beatenAfter2s(clock, served)).as("the queue with a live lease only")
        .containsExactly(queue);
    clock.advance(Duration.ofSeconds(40));
    assertThat(beatenAfter2s(clock, served)).as("none once no lease can be live").isEmpty();
  }

  /** Which of {@code queues} get a beat (their "seen" key written) when 2 s pass. */
  private List<String> beatenAfter2s(ManualClock clock, List<String> queues) {
    RedisTestServer.sync(c -> c.del(queues.stream().map(this::seenKey).toArray(String[]::new)));
    clock.advance(Duration.ofSeconds(2));
    return queues.stream().filter(q -> RedisTestServer.sync(c -> c.exists(seenKey(q))) == 1)
        .toList();
  }

  private String seenKey(String q) {
    return QueueKeys.of(prefix, q).keys()[14]; // "seen" (common.lua's KEYS[15])
  }

  @Test
  void options_parsedFromTheUri_andValidatedTogether() {
    RedisBrokerConfig c = RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("heartbeat", "500", "ownerTimeout", "PT3S"), Clock.systemUTC()));
    assertThat(c.heartbeat()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.ownerTimeout()).isEqualTo(Duration.ofSeconds(3));
    RedisBrokerConfig d = RedisBrokerConfig.builder().uri(URI.create("redis://h")).build();
    assertThat(d.heartbeat()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.ownerTimeout()).isEqualTo(Duration.ofSeconds(4));
    RedisBrokerConfig off = RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("heartbeat", "0"), Clock.systemUTC()));
    assertThat(off.heartbeat()).isZero();

    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("heartbeat", "PT5S", "ownerTimeout", "PT5S"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ownerTimeout=PT5S").hasMessageContaining("heartbeat=PT5S");
    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("heartbeat", "often", "ownerTimeout", "-1"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(2)
            .anySatisfy(p -> assertThat(p).contains("heartbeat='often'"))
            .anySatisfy(p -> assertThat(p).contains("ownerTimeout='-1'")));
    assertThatThrownBy(() -> d.toBuilder().heartbeat(Duration.ofMillis(1)).build())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("heartbeat=PT0.001S");
  }
}
