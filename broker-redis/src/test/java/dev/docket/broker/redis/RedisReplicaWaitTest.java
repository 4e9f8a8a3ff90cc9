package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docket.BrokerUnavailableException;
import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.fault.PrivateRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Option {@code waitForReplicas}: an enqueue returns only once that many replicas hold it, and
 * fails with a retryable error naming the option when they do not. On private servers the test
 * starts (a master and its replica; a Redis Cluster with replicas), never the shared one.
 */
class RedisReplicaWaitTest {

  /**
   * How long an enqueue that must succeed waits for its replica: generous, because on a loaded
   * machine a replica's acknowledgement can take longer than half a second (seen under load 13).
   */
  private static final Duration WAIT = Duration.ofSeconds(5);
  /** How long the enqueue that must fail (its replica gone) waits. */
  private static final Duration SHORT_WAIT = Duration.ofMillis(500);

  @Test
  @DisplayName("waitForReplicas=1: an enqueue returns once the replica holds it, fails clearly"
      + " when the replica is gone, and sending it again with the same id is safe")
  void masterAndReplica() {
    try (dev.docket.tck.fault.PrivateRedis master = dev.docket.tck.fault.PrivateRedis.start()) {
      dev.docket.tck.fault.PrivateRedis replica = dev.docket.tck.fault.PrivateRedis.start();
      try {
        attach(replica, master);
        RedisBrokerConfig config = RedisBrokerConfig.builder().uri(uri(master)).keyPrefix("rw")
            .waitForReplicas(1, WAIT).build();
        try (RedisBroker broker = RedisBroker.create(config)) {
          assertThat(broker.publish("q", List.of(message("a")))).containsExactly(
              PublishOutcome.ACCEPTED);
          // WAIT returned 1: the replica has applied the write, so reading it there must work.
          assertThat(replica.call("HEXISTS", "{rw:q}:jobs", "a")).isEqualTo(1L);

          replica.close();
          try (RedisBroker impatient = RedisBroker.create(
              config.toBuilder().waitForReplicas(1, SHORT_WAIT).build())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient.publish("q", List.of(message("b"))))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("only 0 of 1 replica(s) acknowledged it within PT0.5S")
                .hasMessageContaining("same job ids")
                .hasMessageContaining("waitForReplicas");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(SHORT_WAIT.multipliedBy(6));
          }
          // The master stored it anyway (WAIT does not undo a write): the retry is a duplicate.
          assertThat(master.call("HEXISTS", "{rw:q}:jobs", "b")).isEqualTo(1L);

          replica = dev.docket.tck.fault.PrivateRedis.start();
          attach(replica, master);
          assertThat(broker.publish("q", List.of(message("b"), message("c"))))
              .containsExactly(PublishOutcome.DUPLICATE, PublishOutcome.ACCEPTED);
          assertThat(replica.call("HEXISTS", "{rw:q}:jobs", "b")).isEqualTo(1L);
          assertThat(replica.call("HEXISTS", "{rw:q}:jobs", "c")).isEqualTo(1L);
          assertThat(broker.stats("q").ready()).isEqualTo(3);
        }
        // Without the option nothing waits: the replica's absence does not fail an enqueue.
        replica.close();
        try (RedisBroker broker = RedisBroker.create(config.toBuilder().waitForReplicas(0, WAIT).build())) {
          assertThat(broker.publish("q", List.of(message("d")))).containsExactly(
              PublishOutcome.ACCEPTED);
        }
      } finally {
        replica.close();
      }
    }
  }

  @Test
  @DisplayName("on a Redis Cluster, WAIT goes to the master that ran the enqueue: its replica"
      + " holds the job when publish returns, for queues on every master")
  void cluster() {
    try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
      RedisBrokerConfig config = RedisBrokerConfig.builder().uri(URI.create(cluster.seed()))
          .cluster(true).keyPrefix("rw").waitForReplicas(1, WAIT).build();
      List<Integer> masters = new ArrayList<>();
      List<StatefulRedisConnection<String, String>> replicas = new ArrayList<>();
      RedisClient client = RedisClient.create();
      try (RedisBroker broker = RedisBroker.create(config)) {
        for (int i = 0; i < cluster.nodes().size(); i++) {
          if (String.valueOf(cluster.call(i, "INFO", "replication")).contains("role:slave")) {
            StatefulRedisConnection<String, String> c = client.connect(
                RedisURI.create("127.0.0.1", cluster.nodes().get(i).getPort()));
            c.sync().readOnly();
            replicas.add(c);
          }
        }
        for (int q = 0; q < 6; q++) {
          String key = "{rw:q" + q + "}:jobs";
          for (int n = 0; n < 5; n++) {
            assertThat(broker.publish("q" + q, List.of(message("j" + n)))).containsExactly(
                PublishOutcome.ACCEPTED);
            // Each returned enqueue is on a replica of its master already: ask every replica.
            assertThat(holding(replicas, key, "j" + n)).as("replicas holding %s j%s", key, n)
                .isGreaterThanOrEqualTo(1);
          }
          masters.add(masterOf(cluster, key));
        }
      } finally {
        replicas.forEach(StatefulRedisConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
      assertThat(masters.stream().distinct().count()).as("masters of the queues' slots")
          .isGreaterThan(1);
    }
  }

  @Test
  @DisplayName("options waitForReplicas and waitForReplicasTimeout parse, and bad values fail"
      + " with messages naming them")
  void options() {
    RedisBrokerConfig c = RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicas", "2", "waitForReplicasTimeout", "250"), Clock.systemUTC()));
    assertThat(c.waitForReplicas()).isEqualTo(2);
    assertThat(c.waitForReplicasTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicasTimeout", "PT2S"), Clock.systemUTC())).waitForReplicasTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(RedisBrokerConfig.builder().uri(URI.create("redis://h")).build().waitForReplicas()).isZero();
    assertThat(c.toString()).contains("waitForReplicas=2");

    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicas", "one", "waitForReplicasTimeout", "soon"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("waitForReplicas='one' is not a whole number")
        .hasMessageContaining("waitForReplicasTimeout='soon' is not a duration");
    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicas", "-1"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("waitForReplicas=-1 must be between 0");
    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicasTimeout", "0"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("waitForReplicas", "1", "waitForReplicasTimeout", "PT20S"), Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("shorter than commandTimeout=PT10S");
    // Without waitForReplicas the default wait does not constrain a short command timeout.
    assertThat(RedisBrokerConfig.from(new BrokerConfig(URI.create("redis://h"),
        Map.of("commandTimeout", "500"), Clock.systemUTC())).commandTimeout())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(RedisBrokerConfig.builder().uri(URI.create("redis://h"))
        .commandTimeout(Duration.ofMillis(100)).build().waitForReplicas()).isZero();
  }

  private static Message message(String id) {
    return Message.of(id, id.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static URI uri(dev.docket.tck.fault.PrivateRedis redis) {
    return URI.create("redis://127.0.0.1:" + redis.port());
  }

  private static void attach(dev.docket.tck.fault.PrivateRedis replica,
      dev.docket.tck.fault.PrivateRedis master) {
    replica.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
    await("replica in sync").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> String.valueOf(master.call("INFO", "replication"))
            .contains("state=online"));
  }

  /** How many of {@code replicas} (READONLY connections) hold {@code field} of {@code key}. */
  private static int holding(List<StatefulRedisConnection<String, String>> replicas, String key,
      String field) {
    int holding = 0;
    for (StatefulRedisConnection<String, String> c : replicas) {
      try {
        if (c.sync().hexists(key, field)) {
          holding++;
        }
      } catch (io.lettuce.core.RedisCommandExecutionException moved) {
        // A replica of another master answers MOVED: it does not serve this slot.
      }
    }
    return holding;
  }

  private static int masterOf(PrivateRedisCluster cluster, String key) {
    String slot = " " + SlotHash.getSlot(key);
    for (int i = 0; i < cluster.nodes().size(); i++) {
      if (String.valueOf(cluster.call(i, "INFO", "replication")).contains("role:master")
          && ((Long) cluster.call(i, "CLUSTER", "COUNTKEYSINSLOT", slot.trim())) > 0) {
        return i;
      }
    }
    throw new AssertionError("no master holds a key in slot" + slot);
  }
}
