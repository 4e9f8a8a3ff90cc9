package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.QueueStats;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.QueueOps;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs pushed to a waiting fetch by the enqueue script (see {@code enqueue.lua}): delivered
 * without a reserve, never lost when nobody takes the push, and not pushed when too large or to
 * an expired waiter.
 */
class RedisPushTest {

  private final String prefix = "test-" + UUID.randomUUID();
  private final String q = "pushq";
  private final QueueKeys keys = QueueKeys.of(prefix, q);
  private final String waiters = keys.keys()[18];
  private final String owners = keys.keys()[11];
  private final List<String> pushes = new CopyOnWriteArrayList<>();
  private RedisClient client;
  private StatefulRedisPubSubConnection<String, String> spy;

  @BeforeEach
  void listen() {
    client = RedisClient.create(
        dev.docket.broker.redis.internal.RedisLink.toRedisUri(RedisTestServer.uri(), "test"));
    spy = client.connectPubSub();
    spy.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String pattern, String channel, String message) {
        pushes.add(message);
      }
    });
    spy.sync().psubscribe(keys.channel() + ":*");
  }

  @AfterEach
  void deleteKeys() {
    spy.close();
    client.shutdown();
    RedisTestServer.deleteKeys(prefix);
  }

  private RedisBroker broker() {
    return RedisBroker.create(
        RedisBrokerConfig.builder().uri(RedisTestServer.uri()).keyPrefix(prefix).build());
  }

  private static Message job(String id, int bodyBytes) {
    byte[] body = new byte[bodyBytes];
    java.util.Arrays.fill(body, (byte) 'x');
    return Message.of(id, body, Map.of("docket-task", "t"));
  }

  private static FetchRequest fetch(Duration wait) {
    return FetchRequest.of("pushq", 10, Duration.ofSeconds(30), wait);
  }

  private CompletableFuture<List<Delivery>> fetchAsync(RedisBroker b, Duration wait) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return b.fetch(fetch(wait));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private long waiterCount() {
    return RedisTestServer.sync(c -> c.zcard(waiters));
  }

  private String owner() {
    return RedisTestServer.sync(c -> c.zrange(owners, 0, 0).get(0));
  }

  @Test
  void waitingFetch_getsTheNewJobPushed_withoutAReserve() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      CompletableFuture<List<Delivery>> f = fetchAsync(worker, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> waiterCount() == 1);
      producer.publish(q, List.of(job("a", 10)));
      List<Delivery> got = f.get(5, TimeUnit.SECONDS);
      assertThat(got).extracting(Delivery::id).containsExactly("a");
      Delivery d = got.get(0);
      assertThat(d.deliveryCount()).isEqualTo(1);
      assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(10));
      assertThat(d.headers()).containsEntry("docket-task", "t");
      await().atMost(Duration.ofSeconds(5)).until(() -> pushes.size() == 1);
      assertThat(waiterCount()).isZero();
      QueueStats s = producer.stats(q);
      assertThat(List.of(s.ready(), s.inFlight())).containsExactly(0L, 1L);
      assertThat(worker.ack(d)).isTrue();
      s = producer.stats(q);
      assertThat(List.of(s.ready(), s.inFlight())).containsExactly(0L, 0L);
    }
  }

  @Test
  void batchOfJobs_pushesOnePerWaiter_andTheRestAreFetched() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      CompletableFuture<List<Delivery>> f = fetchAsync(worker, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> waiterCount() == 1);
      producer.publish(q, List.of(job("a", 1), job("b", 1), job("c", 1)));
      List<Delivery> first = f.get(5, TimeUnit.SECONDS);
      assertThat(first).extracting(Delivery::id).containsExactly("a");
      List<Delivery> rest = worker.fetch(fetch(Duration.ofSeconds(1)));
      assertThat(rest).extracting(Delivery::id).containsExactly("b", "c");
      await().atMost(Duration.ofSeconds(5)).until(() -> pushes.size() == 1);
    }
  }

  @Test
  void fetchThatTimesOut_leavesNoWaiter_andAnInterruptedOneDeregisters() throws Exception {
    try (RedisBroker worker = broker()) {
      assertThat(worker.fetch(fetch(Duration.ofMillis(200)))).isEmpty();
      assertThat(waiterCount()).isZero();
      Thread t = new Thread(() -> {
        try {
          worker.fetch(fetch(Duration.ofSeconds(30)));
        } catch (InterruptedException expected) {
          // the test interrupts it
        }
      });
      t.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> waiterCount() == 1);
      t.interrupt();
      t.join(5000);
      assertThat(t.isAlive()).isFalse();
      assertThat(waiterCount()).isZero();
    }
  }

  @Test
  void pushToAFetchThatIsGone_isHandedBack_notLost() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      // The worker's owner is alive and subscribed, but no fetch of it waits as "gone".
      assertThat(worker.fetch(fetch(Duration.ofMillis(50)))).isEmpty();
      String owner = owner();
      RedisTestServer.sync(c -> c.zadd(waiters, System.currentTimeMillis() + 60_000.0,
          "gone|30000|" + owner));
      producer.publish(q, List.of(job("a", 1)));
      await().atMost(Duration.ofSeconds(5)).until(() -> pushes.size() == 1);
      // Handed back at once, not held until the lease ends: ready again, and fetched next.
      await().atMost(Duration.ofSeconds(5)).until(() -> producer.stats(q).ready() == 1);
      List<Delivery> got = worker.fetch(fetch(Duration.ofSeconds(1)));
      assertThat(got).extracting(Delivery::id).containsExactly("a");
      // It never reached a fetch: its delivery is not counted (a delivery limit of 1 still runs it).
      assertThat(got.get(0).deliveryCount()).isEqualTo(1);
    }
  }

  @Test
  void pushThatNeverArrives_isReclaimedWhenItsOwnerStopsBeating() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      assertThat(worker.fetch(fetch(Duration.ofMillis(50)))).isEmpty();
      // An owner alive for 300 ms that nobody listens for (a process about to die).
      long now = System.currentTimeMillis();
      RedisTestServer.sync(c -> c.zadd(owners, now + 300.0, "lost"));
      RedisTestServer.sync(c -> c.zadd(waiters, now + 60_000.0, "w1|30000|lost"));
      producer.publish(q, List.of(job("a", 1)));
      assertThat(producer.stats(q).inFlight()).isEqualTo(1);
      // No sleep: a fetch wakes by itself at the silent owner's deadline and reclaims its lease.
      List<Delivery> got = worker.fetch(fetch(Duration.ofSeconds(2)));
      assertThat(got).extracting(Delivery::id).containsExactly("a");
    }
  }

  @Test
  void expiredWaiterOrDeadOwner_getsNoPush() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      assertThat(worker.fetch(fetch(Duration.ofMillis(50)))).isEmpty();
      String owner = owner();
      long now = System.currentTimeMillis();
      RedisTestServer.sync(c -> c.zadd(waiters, now - 1000.0, "old|30000|" + owner));
      RedisTestServer.sync(c -> c.zadd(waiters, now + 60_000.0, "dead|30000|nobody"));
      producer.publish(q, List.of(job("a", 1)));
      QueueStats s = producer.stats(q);
      assertThat(List.of(s.ready(), s.inFlight())).containsExactly(1L, 0L);
      assertThat(pushes).isEmpty();
      // The expired waiter is dropped; the one of an owner not alive was taken off and skipped.
      assertThat(waiterCount()).isZero();
    }
  }

  @Test
  void largeBody_isNotPushed_theWaiterIsWokenInstead() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      CompletableFuture<List<Delivery>> f = fetchAsync(worker, Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> waiterCount() == 1);
      producer.publish(q, List.of(job("big", 20_000)));
      List<Delivery> got = f.get(5, TimeUnit.SECONDS);
      assertThat(got).extracting(Delivery::id).containsExactly("big");
      assertThat(got.get(0).body()).hasSize(20_000);
      assertThat(pushes).isEmpty();
      assertThat(waiterCount()).isZero();
    }
  }

  @Test
  void multiQueueFetch_doesNotRegister_andIsStillWoken() throws Exception {
    try (RedisBroker worker = broker(); RedisBroker producer = broker()) {
      CompletableFuture<List<Delivery>> f = CompletableFuture.supplyAsync(() -> {
        try {
          return worker.fetch(new FetchRequest(List.of(q, "other"), 10, Duration.ofSeconds(30),
              Duration.ofSeconds(10)));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      // The fetch is under way for the whole 300 ms (it waits 30 s) and never registers.
      await("no waiter registered").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> waiterCount() == 0);
      producer.publish(q, List.of(job("a", 1)));
      assertThat(f.get(5, TimeUnit.SECONDS)).extracting(Delivery::id).containsExactly("a");
      assertThat(pushes).isEmpty();
    }
  }

  @Test
  void closingTheBroker_deregistersItsWaitingFetches() throws Exception {
    RedisBroker worker = broker();
    try {
      CompletableFuture<List<Delivery>> f = CompletableFuture.supplyAsync(() -> {
        try {
          return worker.fetch(fetch(Duration.ofSeconds(30)));
        } catch (InterruptedException | RuntimeException e) {
          return List.of();
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> waiterCount() == 1);
      worker.close();
      f.get(5, TimeUnit.SECONDS);
      assertThat(waiterCount()).isZero();
    } finally {
      worker.close();
    }
    try (RedisBroker producer = broker()) {
      producer.publish(q, List.of(job("a", 1)));
      assertThat(producer.stats(q).ready()).isEqualTo(1);
      assertThat(pushes).isEmpty();
    }
  }

  @Test
  void reserveAfterAPush_leasesOneFewer_andAnUntakenPushGoesBackUncounted() throws Exception {
    QueueOps ops = new QueueOps(RedisLink.connect(RedisTestServer.uri(), "test", false, false),
        prefix, java.time.Clock.systemUTC(), false);
    try (RedisBroker producer = broker()) {
      byte[][] owner = {QueueOps.utf8("ownr"), QueueOps.ascii(60_000), QueueOps.ascii(59_000)};
      List<Object> first = ops.runList(QueueOps.RESERVE, q, QueueOps.ascii(1),
          QueueOps.ascii(30_000), new byte[0], owner[0], owner[1], owner[2], QueueOps.utf8("w1"),
          QueueOps.ascii(10_000), QueueOps.ascii(0));
      assertThat(first.get(2)).isEqualTo(2L); // not registered before, registered now
      producer.publish(q, List.of(job("a", 1), job("b", 1)));
      await().atMost(Duration.ofSeconds(5)).until(() -> pushes.size() == 1);
      // The push to w1 is "on its way": a reserve asking for one leases none and stays off the list.
      List<Object> second = ops.runList(QueueOps.RESERVE, q, QueueOps.ascii(1),
          QueueOps.ascii(30_000), new byte[0], owner[0], owner[1], owner[2], QueueOps.utf8("w1"),
          QueueOps.ascii(10_000), QueueOps.ascii(1));
      assertThat(second).hasSize(3);
      assertThat(second.get(2)).isEqualTo(0L);
      assertThat(waiterCount()).isZero();
      // Nobody took the push: handed back without counting a delivery, first in line again.
      String lease = RedisTestServer.sync(c -> c.hget(keys.keys()[10], "a"));
      String token = lease.split(":")[1];
      assertThat(ops.runLong(QueueOps.RELEASE, q, QueueOps.utf8("a"), QueueOps.utf8(token),
          QueueOps.ascii(0), QueueOps.ascii(1))).isEqualTo(1L);
      List<Delivery> got = producer.fetch(fetch(Duration.ofSeconds(1)));
      assertThat(got).extracting(Delivery::id).containsExactly("a", "b");
      assertThat(got).extracting(Delivery::deliveryCount).containsExactly(1, 1);
    } finally {
      ops.link().close();
    }
  }
}
