package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.DeadJob;
import dev.docket.DeadLetterQueue;
import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.JobContext;
import dev.docket.JobId;
import dev.docket.JobRequest;
import dev.docket.JobState;
import dev.docket.QueueStats;
import dev.docket.RetryPolicy;
import dev.docket.Task;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.broker.inmemory.DocketTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The code of README.md's tour, copied here so it compiles against the real API and runs. Lines
 * marked "README" are the snippet as printed; the rest sets the stage and checks the effect.
 * When the README changes, change this file with it.
 */
class ReadmeTest {

  // README: Define a task
  record Email(String to, String subject) {}

  static final TaskType<Email, Void> SEND_EMAIL =
      TaskType.builder("email.send", Email.class, Void.class)
          .queue("high")
          .maxRetries(3)
          .build();

  record Charge(String order, long cents) {}

  // README: the annotated handler
  public static class Payments {
    final List<Charge> charged = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);

    @Task(name = "payment.charge", maxRetries = 2, initialBackoff = "PT1S")
    public void charge(Charge charge, JobContext ctx) {
      charged.add(charge);
      done.countDown();
    }
  }

  // README: Retries
  static final TaskType<Email, Void> SEND_EMAIL_PATIENTLY = SEND_EMAIL.toBuilder()
      .retryPolicy(RetryPolicy.builder()
          .maxRetries(5)
          .initialBackoff(Duration.ofSeconds(1))
          .maxBackoff(Duration.ofMinutes(10))
          .nonRetryable(IllegalArgumentException.class)
          .build())
      .build();

  /** Stands in for the mail client of the worker snippet. */
  static final class Mailer {
    final CountDownLatch sent;

    Mailer(int expected) {
      sent = new CountDownLatch(expected);
    }

    void send(String to, String subject) {
      sent.countDown();
    }
  }

  @Test
  void enqueueSnippet_storesEveryJob() {
    QueueStats high;
    QueueStats defaultQueue;
    // README: Enqueue
    try (Docket docket = Docket.connect("memory://")) {
      docket.enqueue(SEND_EMAIL, new Email("ada@example.com", "Welcome"));

      docket.enqueue(SEND_EMAIL, new Email("grace@example.com", "Your trial ends"),
          EnqueueOptions.builder()
              .delay(Duration.ofMinutes(5))
              .priority(9)
              .jobId("trial-end-grace")
              .build());

      docket.enqueueAll(List.of(
          JobRequest.of(SEND_EMAIL, new Email("alan@example.com", "Hi")),
          JobRequest.of(SEND_EMAIL, new Email("edsger@example.com", "Hi"))));

      docket.enqueue("payment.charge", new Charge("order-7", 4_999),
          EnqueueOptions.defaults());
      // end of snippet
      high = docket.stats("high");
      defaultQueue = docket.stats("default");
    }
    assertThat(high.ready()).isEqualTo(3);
    assertThat(high.delayed()).isEqualTo(1);
    assertThat(defaultQueue.ready()).isEqualTo(1);
  }

  @Test
  void workerSnippet_runsTypedAndAnnotatedTasks() throws Exception {
    Mailer mailer = new Mailer(2);
    Payments payments = new Payments();
    try (Docket docket = Docket.connect("memory://")) {
      docket.enqueue(SEND_EMAIL, new Email("ada@example.com", "Welcome"));
      docket.enqueue(SEND_EMAIL, new Email("grace@example.com", "Welcome"));
      docket.enqueue("payment.charge", new Charge("order-7", 4_999), EnqueueOptions.defaults());

      // README: Run a worker
      Worker worker = docket.worker()
          .queues("high", "default", "low")
          .concurrency(16)
          .handle(SEND_EMAIL, (email, ctx) -> {
            mailer.send(email.to(), email.subject());
            return null;
          })
          .register(payments)
          .start();
      // end of snippet
      try {
        assertThat(mailer.sent.await(10, TimeUnit.SECONDS)).isTrue();
        // The payment runs on its own queue, possibly after the mails: wait for it too.
        assertThat(payments.done.await(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        worker.close();
      }
      assertThat(docket.stats("high").total()).isZero();
      assertThat(docket.stats("default").total()).isZero();
    }
    assertThat(payments.charged).containsExactly(new Charge("order-7", 4_999));
  }

  @Test
  void retryPolicySnippet_hasTheDocumentedBackoff() {
    RetryPolicy p = SEND_EMAIL_PATIENTLY.retryPolicy();
    assertThat(p.maxRetries()).isEqualTo(5);
    assertThat(p.nominalBackoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.nominalBackoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.jitter()).isEqualTo(0.5);
    assertThat(p.isNonRetryable(new IllegalArgumentException())).isTrue();
    assertThat(SEND_EMAIL_PATIENTLY.queue()).isEqualTo("high");
  }

  @Test
  void deadLetterAndHealthSnippets_listReplayAndReport() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.queues("default").handle(TaskType.of("payment.charge", Charge.class), (c, ctx) -> {
        throw new IllegalStateException("card declined");
      });
      Docket docket = kit.docket();
      JobId deadJobId = docket.enqueue("payment.charge", new Charge("order-7", 4_999),
          EnqueueOptions.defaults()).id();
      kit.runDue();
      for (int retry = 1; retry <= RetryPolicy.DEFAULT_MAX_RETRIES; retry++) {
        kit.advance(Duration.ofHours(1)); // past any default backoff
      }
      List<String> printed = new ArrayList<>();

      // README: Dead letters (System.out.println replaced by printed::add)
      DeadLetterQueue dlq = docket.deadLetters("default");
      for (DeadJob dead : dlq.list().items()) {
        printed.add(dead.task() + " " + dead.failure().reason() + " after "
            + dead.failure().attempts() + " attempts: " + dead.failure().message());
      }
      // README: Stats and health (before the replay, while the job is dead)
      QueueStats stats = docket.stats("default");
      HealthReport health = docket.health(HealthThresholds.defaults(), "high", "default", "low");
      List<String> problems = new ArrayList<>();
      if (!health.healthy()) {
        health.problems().forEach(problems::add);
      }
      assertThat(stats.dead()).isEqualTo(1);
      assertThat(problems).singleElement().asString()
          .startsWith("queue 'default' has 1 dead jobs");

      assertThat(printed).containsExactly(
          "payment.charge RETRIES_EXHAUSTED after 6 attempts: card declined");
      assertThat(dlq.replay(deadJobId)).isTrue();
      assertThat(dlq.replayTask("payment.charge")).isZero();
      assertThat(dlq.purgeAll()).isZero();
      assertThat(kit.deadJobs("default")).isEmpty();
      assertThat(docket.stats("default").ready()).as("replayed").isEqualTo(1);
    }
  }

  @Test
  void testKitSnippet_runsADelayedJobWithoutSleeping() {
    // README: Test your jobs without sleeping
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.queues("high").handle(SEND_EMAIL, (email, ctx) -> null);
      JobId id = kit.docket().enqueue(SEND_EMAIL, new Email("ada@example.com", "Later"),
          EnqueueOptions.builder().delay(Duration.ofHours(1)).build()).id();

      assertThat(kit.runDue()).isZero();
      assertThat(kit.advance(Duration.ofHours(1))).isEqualTo(1);
      assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
    }
  }
}
