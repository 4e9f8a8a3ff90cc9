package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.JobRequest;
import dev.docket.TaskType;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R12: under concurrent producers and consumers nothing is lost and, while no lease expires,
 * nothing is delivered twice. Leases here are long, so any duplicate is a broker bug. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class ConcurrencyContract extends BrokerContract {

  /** How long consumers keep asking while nothing arrives before R12.1 judges what came. */
  private static final Duration QUIET = Duration.ofSeconds(5);

  private static <T> List<T> runAll(int threads, Callable<T> body, Duration bound)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(body));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(bound.toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Tag("required")
  @DisplayName("R12.1 concurrent consumers never receive the same message while leases hold, and"
      + " together receive all")
  void r12_1_concurrentConsumersGetEachMessageOnce() throws Exception {
    String q = declared("main");
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      batch.add(aJob().build());
    }
    broker.publish(q, batch);
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    // A consumer stops once all 600 came, or after an empty fetch when no consumer has received
    // anything for QUIET: stopping at its first empty fetch let a loaded machine's slow
    // deliveries end the test early with messages still on their way (seen: 500 of 600).
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    runAll(6, () -> {
      while (true) {
        List<Delivery> got = broker.fetch(FetchRequest.of(q, 5, TckTime.LONG_LEASE,
            time.fetchWait()));
        if (got.isEmpty()) {
          if (seen.size() >= 600 || System.nanoTime() - lastProgress.get() > QUIET.toNanos()) {
            return null;
          }
          continue;
        }
        lastProgress.set(System.nanoTime());
        for (Delivery d : got) {
          seen.merge(d.id(), 1, Integer::sum);
          if (broker.ack(d)) {
            acked.incrementAndGet();
          }
        }
      }
    }, ctx.timeouts().bulk());
    Set<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey).collect(Collectors.toSet());
    assertThat(twice).as("messages delivered twice with no lease expired").isEmpty();
    assertThat(seen).as("distinct messages received by 6 consumers").hasSize(600);
    assertThat(acked.get()).as("successful acks").isEqualTo(600);
    assertThatQueue(q).hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R12.2 concurrent publishers lose nothing")
  void r12_2_concurrentPublishersLoseNothing() throws Exception {
    String q = declared("main");
    Set<String> published = ConcurrentHashMap.newKeySet();
    runAll(4, () -> {
      for (int i = 0; i < 250; i++) {
        Message m = aJob().build();
        assertThat(broker.publish(q, List.of(m))).containsExactly(PublishOutcome.ACCEPTED);
        published.add(m.id());
      }
      return null;
    }, ctx.timeouts().bulk());
    assertThat(published).hasSize(1000);
    assertThatQueue(q).as("after 4 threads published 250 each").hasReady(1000);
    List<Delivery> got = awaitDeliveries(List.of(q), 1000, TckTime.LONG_LEASE);
    assertThat(got.stream().map(Delivery::id).collect(Collectors.toSet()))
        .as("ids delivered").isEqualTo(published);
  }

  @Test
  @Tag("required")
  @DisplayName("R12.3 three workers of concurrency 8 run each of 2000 jobs exactly once")
  void r12_3_workersRunEveryJobExactlyOnce() {
    String q = declared("main");
    TaskType<TckArgs, Void> task = plainTask("tck.bulk", q);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    for (int w = 0; w < 3; w++) {
      // Leases far longer than the test: a duplicate can only come from a broker bug.
      track(docket().worker().queues(q).concurrency(8).lease(TckTime.LONG_LEASE)
          .fetchWait(Duration.ofMillis(200)).workerId("tck-bulk-" + w)
          .handle(task, (a, c) -> {
            runs.computeIfAbsent(a.value(), k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            return null;
          }).start());
    }
    int jobs = 2000;
    for (int start = 0; start < jobs; start += 200) {
      List<JobRequest<?>> requests = new ArrayList<>();
      for (int i = start; i < start + 200; i++) {
        requests.add(JobRequest.of(task, new TckArgs("job-" + i), EnqueueOptions.defaults()));
      }
      docket().enqueueAll(requests);
    }
    try {
      Awaitility.await("2000 jobs to run").atMost(ctx.timeouts().bulk())
          .pollInterval(Duration.ofMillis(50))
          .until(() -> total.get() >= jobs && broker.stats(q).total() == 0);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("only " + total.get() + " of " + jobs + " runs within "
          + ctx.timeouts().bulk() + "; broker state: " + BrokerAssert.describe(broker, q), e);
    }
    Map<String, Integer> duplicates = runs.entrySet().stream()
        .filter(e -> e.getValue().get() != 1)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    assertThat(duplicates).as("jobs run other than exactly once").isEmpty();
    assertThat(runs).as("distinct jobs run").hasSize(jobs);
    assertThat(total.get()).isEqualTo(jobs);
  }
}
