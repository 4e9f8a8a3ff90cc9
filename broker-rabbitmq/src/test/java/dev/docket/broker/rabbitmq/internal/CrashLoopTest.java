package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10.12: a job whose worker dies (its channel closes without an ack) is counted on classic
 * and quorum queues alike, and ends as DELIVERY_LIMIT through the runtime's own limit; a fetch
 * that fails to lease part of a batch strands nothing.
 */
class CrashLoopTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  private static String queue(String name) {
    return "test-crash-" + UUID.randomUUID().toString().substring(0, 8) + "." + name;
  }

  @ParameterizedTest
  @EnumSource(QueueType.class)
  @DisplayName("issue 10.12: a job redelivered N times by killed workers is delivery N+1 and"
      + " ends in the DLQ as DELIVERY_LIMIT")
  void item12_killedWorkersAreCounted(QueueType type) throws Exception {
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri())
        .queueType(type).build();
    String q = queue(type.name().toLowerCase(java.util.Locale.ROOT));
    try (RabbitCore broker = RabbitCore.open(config)) {
      try {
        Docket docket = Docket.builder().broker(broker).build();
        TaskType<String, Void> task = TaskType.builder("crashy", String.class, Void.class)
            .queue(q).retryPolicy(RetryPolicy.builder().maxRetries(2).build()).build();
        docket.enqueue(task, "poison");
        int kills = 3;
        for (int i = 1; i <= kills; i++) {
          // A worker process takes the job and dies: its connection closes without an ack.
          try (RabbitCore worker = RabbitCore.open(config)) {
            List<Delivery> got = worker.fetch(FetchRequest.of(q, 1, LONG, Duration.ofSeconds(20)));
            assertThat(got).as("delivery %d", i).hasSize(1);
            assertThat(got.get(0).deliveryCount()).as("delivery count of delivery %d", i)
                .isEqualTo(i);
          }
        }
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Worker worker = docket.worker().queues(q).lease(LONG).handle(task, (a, c) -> {
          ran.add(c.attempt());
          return null;
        }).build();
        Awaitility.await("the job in the DLQ").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100)).until(() -> {
              worker.runDue(1);
              return broker.stats(q).dead() == 1;
            });
        assertThat(ran).as("a job past its limit must not run again").isEmpty();
        JobFailure f = broker.deadLetters().list(q, null, 10).items().get(0).failure();
        assertThat(f.reason()).isEqualTo(FailureReason.DELIVERY_LIMIT);
        assertThat(f.attempts()).as("delivery count at the limit").isEqualTo(kills + 1);
        worker.close();
        docket.close();
      } finally {
        try (RabbitCore admin = RabbitCore.open(config)) {
          admin.deleteQueue(q);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(QueueType.class)
  @DisplayName("issue 10.12: a fetch whose lease fails part way hands back what it took")
  void item12_aFailedLeaseStrandsNothing(QueueType type) throws Exception {
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri())
        .queueType(type).build();
    String q = queue("lease-" + type.name().toLowerCase(java.util.Locale.ROOT));
    FlakyStore store = new FlakyStore();
    try (RabbitCore broker = RabbitCore.open(config, store)) {
      try {
        List<Message> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          jobs.add(Message.of("job-" + i, new byte[] {(byte) i}, Map.of()));
        }
        broker.publish(q, jobs);
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> broker.stats(q).ready() == 5);
        // The id store fails once, for the second lease: the fetch that meets it has taken
        // deliveries from its buffer that it has not leased yet.
        store.failAt.set(2);
        List<Delivery> got = new ArrayList<>();
        int failures = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (got.size() < 5 && System.nanoTime() < deadline) {
          try {
            got.addAll(broker.fetch(FetchRequest.of(q, 5, LONG, Duration.ofMillis(500))));
          } catch (RuntimeException e) {
            failures++; // a fetch that leased nothing reports the failure
          }
        }
        assertThat(got).as("every job, none stranded by the failed lease (%d failed fetches)",
            failures).extracting(Delivery::id)
            .containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3", "job-4");
        assertThat(store.puts.get()).as("the store failure happened").isGreaterThan(2);
        for (Delivery d : got) {
          assertThat(d.deliveryCount()).as("no attempt charged").isEqualTo(1);
          assertThat(broker.ack(d)).isTrue();
        }
      } finally {
        broker.deleteQueue(q);
      }
    }
  }

  /** A map-backed id store whose lease refresh number {@link #failAt} fails, once. */
  static final class FlakyStore implements StateStore {
    final java.util.concurrent.atomic.AtomicInteger failAt =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    final java.util.concurrent.atomic.AtomicInteger puts =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, byte[]> map = new ConcurrentHashMap<>();

    private void check() {
      if (puts.incrementAndGet() == failAt.get()) {
        throw new dev.docket.BrokerUnavailableException("store down (test)");
      }
    }

    @Override
    public Optional<byte[]> get(String key) {
      return Optional.ofNullable(map.get(key));
    }

    @Override
    public void put(String key, byte[] value, @Nullable Duration ttl) {
      check();
      map.put(key, value);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
      return map.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean compareAndDelete(String key, byte[] expected) {
      byte[] current = map.get(key);
      return current != null && java.util.Arrays.equals(current, expected)
          && map.remove(key, current);
    }

    @Override
    public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
      return java.util.Arrays.equals(map.get(key), expected);
    }

    @Override
    public long increment(String key, long delta, @Nullable Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long append(String key, byte[] value, @Nullable Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<byte[]> list(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String key) {
      map.remove(key);
    }

    @Override
    public void close() {}
  }
}
