package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.DeadJob;
import dev.docket.Docket;
import dev.docket.FailureReason;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R13: a crash is charged only to the job that was running when its worker died (issue 10, item
 * 6). A worker "dies" in-JVM: its links to broker and store are cut ({@link PausableLink}), so
 * nothing it does afterwards (acks, releases, heartbeats) arrives; it is abandoned, not shut
 * down, and the leases it held expire. Runs the runtime with a plain in-JVM store ({@link
 * TckLocalStore}), which the runtime's start ledger needs. See {@code CONTRACT.md}.
 *
 * @since 0.2
 */
public abstract class CrashChargeContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R13.1 a job that kills its worker each time ends as DELIVERY_LIMIT, and all 200"
      + " jobs held beside it complete")
  void r13_1_poisonJobChargesNoBystander() {
    String q = declared("main");
    TckLocalStore store = new TckLocalStore(time.clock());
    TaskType<TckArgs, String> task = TaskType.builder("tck.crash", TckArgs.class, String.class)
        .queue(q).retryPolicy(RetryPolicy.builder().maxRetries(5).build()).build();
    int bystanders = 200;
    Docket producer = Docket.builder().broker(broker).store(store).clock(time.clock()).build();
    for (int i = 0; i < bystanders; i++) {
      if (i == 20) {
        producer.enqueue(task, new TckArgs("poison"));
      }
      producer.enqueue(task, new TckArgs("b" + i));
    }
    Duration lease = time.shortLease();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger poisonRuns = new AtomicInteger();
    int crashes = 0;
    // One poison job crashes its worker on each of its 6 runs; a 7th worker condemns it.
    for (int round = 0; round < 12 && !finished(q); round++) {
      PausableLink link = new PausableLink(broker, store);
      CountDownLatch died = new CountDownLatch(1);
      CountDownLatch poisonStarted = new CountDownLatch(1);
      Docket client = Docket.builder().broker(link.broker()).store(link.store())
          .clock(time.clock()).build();
      track(client.worker().queues(q).concurrency(16).lease(lease)
          .fetchWait(Duration.ofMillis(100)).workerId("tck-crash-" + round)
          .handle(task, (a, c) -> {
            if (a.value().equals("poison")) {
              poisonRuns.incrementAndGet();
              link.cut(); // the JVM dies: nothing this worker does from now on arrives
              died.countDown();
              poisonStarted.countDown();
              new CountDownLatch(1).await(); // until the TCK shuts the abandoned worker down
            }
            // Ordinary jobs take a moment (up to 100 ms, less once the poison has struck), so
            // those the worker runs beside the poison are running when it dies and their acks
            // never arrive.
            var unused = poisonStarted.await(100, TimeUnit.MILLISECONDS);
            ran.add(a.value());
            return a.value();
          }).start());
      long deadline = System.nanoTime() + ctx.timeouts().bulk().toNanos();
      while (died.getCount() > 0 && !finished(q) && System.nanoTime() < deadline) {
        try {
          var unused = died.await(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
        if (time.controllable()) {
          time.advance(Duration.ofMillis(100));
        }
      }
      if (died.getCount() == 0) {
        crashes++;
        // The dead worker's leases must run out before another worker gets its jobs.
        time.advance(lease.plusMillis(1));
      }
    }
    Awaitility.await("the queue to drain").atMost(ctx.timeouts().bulk())
        .until(() -> finished(q));
    List<DeadJob> dead = producer.deadLetters(q).list(null, 250).items();
    assertThat(dead).as("dead letters after %s crashes (bystanders charged with the poison's"
        + " crashes go to the DLQ with it): %s", crashes, dead.stream()
            .map(d -> argsOf(d)).toList())
        .singleElement()
        .satisfies(d -> {
          assertThat(d.task()).isEqualTo(task.name());
          assertThat(d.failure().reason()).isEqualTo(FailureReason.DELIVERY_LIMIT);
          assertThat(argsOf(d)).isEqualTo("poison");
        });
    assertThat(poisonRuns.get()).as("runs of the poison job (maxRetries 5: 6 crashes)")
        .isEqualTo(6);
    for (int i = 0; i < bystanders; i++) {
      assertThat(ran).as("bystanders that ran").contains("b" + i);
    }
  }

  /** The value of a dead job's arguments, for messages. */
  private static String argsOf(DeadJob d) {
    Matcher m = VALUE.matcher(new String(d.body(), StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : d.id().toString();
  }

  private static final Pattern VALUE = Pattern.compile("\"value\":\"([^\"]*)\"");

  /** Nothing left to run: every job is acked or dead. */
  private boolean finished(String q) {
    var s = broker.stats(q);
    return s.ready() + s.delayed() + s.inFlight() == 0 && s.dead() > 0;
  }
}
