package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.EnqueueInvocation;
import dev.docket.EnqueueOptions;
import dev.docket.JobEvent;
import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import dev.docket.JobMdc;
import dev.docket.JobOutcome;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.TimeSource;
import dev.docket.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The job interceptor seam and the built-in MDC, on memory:// with the manual clock. */
class JobInterceptorTest {
  private final ManualClock clock = new ManualClock();
  private final List<String> trail = new CopyOnWriteArrayList<>();
  private final List<Docket> clients = new ArrayList<>();

  private static final TaskType<String, String> ECHO = TaskType.builder("echo", String.class,
      String.class).retryPolicy(RetryPolicy.builder().maxRetries(1)
          .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(10))
          .jitter(0).build()).build();

  @AfterEach
  void close() {
    clients.forEach(Docket::close);
    MDC.clear();
  }

  private Docket docket(JobInterceptor... interceptors) {
    Docket.Builder b = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock);
    for (JobInterceptor i : interceptors) {
      b.interceptor(i);
    }
    Docket d = b.build();
    clients.add(d);
    return d;
  }

  /** Records its calls in {@link #trail} under its name. */
  private final class Recording implements JobInterceptor {
    final String name;
    final List<JobInvocation> seen = new CopyOnWriteArrayList<>();
    final List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();

    Recording(String name) {
      this.name = name;
    }

    @Override
    public @Nullable Object intercept(JobInvocation job, Proceed proceed) throws Exception {
      trail.add(name + ">");
      seen.add(job);
      try {
        return proceed.proceed();
      } finally {
        trail.add("<" + name);
      }
    }

    @Override
    public void onOutcome(JobInvocation job, JobOutcome outcome) {
      trail.add(name + ":" + outcome.kind().tag());
      outcomes.add(outcome);
    }
  }

  @Test
  void interceptors_wrapTheHandlerInRegistrationOrder_clientOnesFirst() {
    Recording a = new Recording("a");
    Recording b = new Recording("b");
    Recording c = new Recording("c");
    Docket docket = docket(a, b);
    Worker w = docket.worker().interceptor(c).handle(ECHO, (s, ctx) -> {
      trail.add("handler");
      clock.advance(Duration.ofSeconds(3));
      return s;
    }).build();
    docket.enqueue(ECHO, "hi");

    assertThat(w.runDue()).isEqualTo(1);

    assertThat(trail).containsExactly("a>", "b>", "c>", "handler", "<c", "<b", "<a",
        "a:success", "b:success", "c:success");
    assertThat(a.outcomes).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo(JobOutcome.Kind.SUCCESS);
      assertThat(o.duration()).isEqualTo(Duration.ofSeconds(3));
      assertThat(o.error()).isNull();
    });
  }

  @Test
  void invocation_carriesTheJobAndItsTimes() {
    Recording a = new Recording("a");
    Docket docket = docket(a);
    Worker w = docket.worker().workerId("w1").handle(ECHO, (s, ctx) -> s).build();
    Instant created = clock.instant();
    var job = docket.enqueue(ECHO, "hi", EnqueueOptions.builder().delay(Duration.ofSeconds(5))
        .headers(Map.of("h", "v")).build());
    clock.advance(Duration.ofSeconds(7));

    assertThat(w.runDue()).isEqualTo(1);

    JobInvocation inv = a.seen.get(0);
    assertThat(inv.jobId()).isEqualTo(job.id());
    assertThat(inv.task()).isEqualTo("echo");
    assertThat(inv.queue()).isEqualTo("default");
    assertThat(inv.attempt()).isEqualTo(1);
    assertThat(inv.maxRetries()).isEqualTo(1);
    assertThat(inv.workerId()).isEqualTo("w1");
    assertThat(inv.headers()).containsEntry("h", "v");
    assertThat(inv.createdAt()).isEqualTo(created);
    assertThat(inv.dueAt()).isEqualTo(created.plusSeconds(5));
    assertThat(inv.enqueuedAt()).isEqualTo(created);
    assertThat(inv.startedAt()).isEqualTo(created.plusSeconds(7));
  }

  @Test
  void outcome_isRetryThenDead_withTheErrorAndExactDurations() {
    Recording a = new Recording("a");
    Docket docket = docket(a);
    IllegalStateException boom = new IllegalStateException("boom");
    Worker w = docket.worker().handle(ECHO, (s, ctx) -> {
      clock.advance(Duration.ofMillis(250));
      throw boom;
    }).build();
    docket.enqueue(ECHO, "x");

    assertThat(w.runDue()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(w.runDue()).isEqualTo(1);

    assertThat(a.outcomes).extracting(JobOutcome::kind)
        .containsExactly(JobOutcome.Kind.RETRY, JobOutcome.Kind.DEAD);
    assertThat(a.outcomes).extracting(JobOutcome::duration)
        .containsOnly(Duration.ofMillis(250));
    assertThat(a.outcomes).extracting(JobOutcome::error).containsOnly(boom);
    assertThat(a.seen).extracting(JobInvocation::attempt).containsExactly(1, 2);
  }

  @Test
  void interceptorThatThrows_failsTheAttemptLikeTheHandler_andABadOnOutcomeIsIgnored() {
    Recording after = new Recording("after");
    JobInterceptor failing = new JobInterceptor() {
      @Override
      public @Nullable Object intercept(JobInvocation job, Proceed proceed) {
        throw new IllegalArgumentException("refused");
      }

      @Override
      public void onOutcome(JobInvocation job, JobOutcome outcome) {
        throw new IllegalStateException("listener bug");
      }
    };
    Docket docket = docket(failing, after);
    List<String> ran = new CopyOnWriteArrayList<>();
    Worker w = docket.worker().handle(ECHO, (s, ctx) -> {
      ran.add(s);
      return s;
    }).build();
    docket.enqueue(ECHO, "x");

    assertThat(w.runDue()).isEqualTo(1);

    assertThat(ran).isEmpty();
    assertThat(docket.stats("default").delayed()).isEqualTo(1);
    // The later interceptor still gets its outcome although the first one's threw.
    assertThat(trail).containsExactly("after:retry");
  }

  @Test
  void onEnqueue_addsHeadersTheHandlerSees_butTheCallersWin() {
    JobInterceptor tracing = new JobInterceptor() {
      @Override
      public Map<String, String> onEnqueue(EnqueueInvocation job) {
        trail.add("enqueue " + job.task() + " " + job.queue() + " " + job.headers());
        return Map.of("traceparent", "00-abc-def-01", "x", "from-interceptor");
      }
    };
    JobInterceptor second = new JobInterceptor() {
      @Override
      public Map<String, String> onEnqueue(EnqueueInvocation job) {
        return Map.of("traceparent", "loses", "second", "yes");
      }
    };
    Docket docket = docket(tracing, second);
    Map<String, String> seen = new ConcurrentHashMap<>();
    Worker w = docket.worker().handle(ECHO, (s, ctx) -> {
      seen.putAll(ctx.headers());
      return s;
    }).build();
    docket.enqueue(ECHO, "x", EnqueueOptions.builder().headers(Map.of("x", "from-caller"))
        .build());

    w.runDue();

    assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("traceparent", "00-abc-def-01",
        "x", "from-caller", "second", "yes"));
    assertThat(trail).containsExactly("enqueue echo default {x=from-caller}");
  }

  @Test
  void jobsThatNeverReachTheHandler_haveNoOutcome() {
    Recording a = new Recording("a");
    Docket docket = docket(a);
    Worker w = docket.worker().handle(ECHO, (s, ctx) -> s).build();
    docket.enqueue("no-such-task", "x", EnqueueOptions.defaults());

    assertThat(w.runDue()).isEqualTo(1);

    assertThat(docket.stats("default").dead()).isEqualTo(1);
    assertThat(trail).isEmpty();
  }

  @Test
  void timedOutRun_onARunningWorker_isARetryWithTheTimeout_settledOnTheTimeoutThread() {
    // Real threads and clock: the watchdog settles the job on a thread of its own while the
    // handler's thread is still unwinding; the outcome must still reach the interceptor once.
    Recording a = new Recording("a");
    Docket docket = Docket.builder().broker(InMemoryBroker.create(TimeSource.system()))
        .interceptor(a).build();
    clients.add(docket);
    TaskType<String, String> slow = TaskType.builder("slow", String.class, String.class)
        .timeout(Duration.ofMillis(200)).retryPolicy(RetryPolicy.builder().maxRetries(1)
            .initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build())
        .build();
    docket.enqueue(slow, "x");
    try (Worker w = docket.worker().handle(slow, (s, ctx) -> {
      Thread.sleep(Duration.ofSeconds(30)); // interrupted at the timeout
      return s;
    }).start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> a.outcomes.size() == 1);
    }
    JobOutcome o = a.outcomes.get(0);
    assertThat(o.kind()).isEqualTo(JobOutcome.Kind.RETRY);
    assertThat(o.error()).isInstanceOf(dev.docket.JobTimeoutException.class);
    // The watchdog is armed just before the chain starts its clock, and wall clock and
    // watchdog ticker differ by a little: about the timeout, never the 30 s sleep.
    assertThat(o.duration()).isBetween(Duration.ofMillis(150), Duration.ofSeconds(10));
    assertThat(trail).containsExactly("a>", "<a", "a:retry");
  }

  @Nested
  class Mdc {
    private Map<String, @Nullable String> snapshot() {
      Map<String, @Nullable String> m = new HashMap<>();
      for (String k : List.of(JobMdc.JOB_ID, JobMdc.TASK, JobMdc.QUEUE, JobMdc.ATTEMPT)) {
        m.put(k, MDC.get(k));
      }
      return m;
    }

    @Test
    void handlerAndDocketsOwnLinesAboutTheJob_carryTheKeys_andThePreviousValuesComeBack() {
      List<Map<String, @Nullable String>> inHandler = new CopyOnWriteArrayList<>();
      List<Map<String, @Nullable String>> onRetry = new CopyOnWriteArrayList<>();
      Docket docket = Docket.builder().broker(InMemoryBroker.create(clock)).clock(clock)
          .listener(e -> {
            if (e instanceof JobEvent.Retried) {
              // Emitted by the settlement, where Docket logs the retry.
              onRetry.add(snapshot());
            }
          }).build();
      clients.add(docket);
      var job = docket.enqueue(ECHO, "x", EnqueueOptions.builder().queue("mail").build());
      Worker mail = docket.worker().queues("mail").handle(ECHO, (s, ctx) -> {
        inHandler.add(snapshot());
        if (ctx.attempt() == 1) {
          throw new IllegalStateException("again");
        }
        return s;
      }).build();
      MDC.put(JobMdc.JOB_ID, "outer");

      assertThat(mail.runDue()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(10));
      assertThat(mail.runDue()).isEqualTo(1);

      String id = job.id().value();
      assertThat(inHandler).containsExactly(
          Map.of(JobMdc.JOB_ID, id, JobMdc.TASK, "echo", JobMdc.QUEUE, "mail",
              JobMdc.ATTEMPT, "1"),
          Map.of(JobMdc.JOB_ID, id, JobMdc.TASK, "echo", JobMdc.QUEUE, "mail",
              JobMdc.ATTEMPT, "2"));
      assertThat(onRetry).containsExactly(Map.of(JobMdc.JOB_ID, id, JobMdc.TASK, "echo",
          JobMdc.QUEUE, "mail", JobMdc.ATTEMPT, "1"));
      Map<String, @Nullable String> after = new HashMap<>();
      after.put(JobMdc.JOB_ID, "outer");
      after.put(JobMdc.TASK, null);
      after.put(JobMdc.QUEUE, null);
      after.put(JobMdc.ATTEMPT, null);
      assertThat(snapshot()).isEqualTo(after);
    }

    /**
     * A started worker runs each job on a thread of its own, where the processing scope puts the
     * keys once (nothing to restore on a thread that ends with the job) and the handler's MDC
     * interceptor, finding them put there, adds nothing: with MDC alone, and beside an
     * interceptor that only takes outcomes (as {@code DocketMetrics}) or one that wraps.
     */
    @Test
    void startedWorker_handlerAndSettlementCarryTheKeys_withOrWithoutOtherInterceptors() {
      JobInterceptor outcomesOnly = new JobInterceptor() {
        @Override
        public void onOutcome(JobInvocation job, JobOutcome outcome) {
          trail.add("outcome:" + outcome.kind().tag() + ":" + MDC.get(JobMdc.JOB_ID));
        }
      };
      List<List<JobInterceptor>> chains = List.of(List.of(), List.of(outcomesOnly),
          List.of(outcomesOnly, new Recording("a")));
      for (List<JobInterceptor> chain : chains) {
        trail.clear();
        List<Map<String, @Nullable String>> inHandler = new CopyOnWriteArrayList<>();
        List<Map<String, @Nullable String>> onRetry = new CopyOnWriteArrayList<>();
        Docket.Builder b = Docket.builder().broker(InMemoryBroker.create(TimeSource.system()))
            .listener(e -> {
              if (e instanceof JobEvent.Retried) {
                onRetry.add(snapshot());
              }
            });
        chain.forEach(b::interceptor);
        Docket docket = b.build();
        clients.add(docket);
        TaskType<String, String> flaky = TaskType.builder("flaky", String.class, String.class)
            .retryPolicy(RetryPolicy.builder().maxRetries(1).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(1)).jitter(0).build()).build();
        var job = docket.enqueue(flaky, "x", EnqueueOptions.builder().queue("mail").build());
        try (Worker w = docket.worker().queues("mail").handle(flaky, (s, ctx) -> {
          inHandler.add(snapshot());
          if (ctx.attempt() == 1) {
            throw new IllegalStateException("again");
          }
          return s;
        }).start()) {
          await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.size() == 2
              && docket.stats("mail").inFlight() == 0 && docket.stats("mail").ready() == 0);
        }

        String id = job.id().value();
        assertThat(inHandler).as("chain %s", chain).containsExactly(
            Map.of(JobMdc.JOB_ID, id, JobMdc.TASK, "flaky", JobMdc.QUEUE, "mail",
                JobMdc.ATTEMPT, "1"),
            Map.of(JobMdc.JOB_ID, id, JobMdc.TASK, "flaky", JobMdc.QUEUE, "mail",
                JobMdc.ATTEMPT, "2"));
        assertThat(onRetry).as("chain %s", chain).containsExactly(Map.of(JobMdc.JOB_ID, id,
            JobMdc.TASK, "flaky", JobMdc.QUEUE, "mail", JobMdc.ATTEMPT, "1"));
        if (!chain.isEmpty()) {
          await().atMost(Duration.ofSeconds(10)).until(() -> trail.stream()
              .filter(t -> t.startsWith("outcome:")).count() == 2);
          assertThat(trail.stream().filter(t -> t.startsWith("outcome:")))
              .containsExactly("outcome:retry:" + id, "outcome:success:" + id);
        }
      }
      // This (test) thread's MDC was never touched.
      assertThat(snapshot().values()).containsOnlyNulls();
    }

    @Test
    void switchedOff_handlerSeesNoKeys() {
      Docket docket = docket();
      Map<String, @Nullable String> inHandler = new HashMap<>();
      Worker w = docket.worker().mdc(false).handle(ECHO, (s, ctx) -> {
        inHandler.putAll(snapshot());
        return s;
      }).build();
      docket.enqueue(ECHO, "x");

      assertThat(w.runDue()).isEqualTo(1);

      assertThat(inHandler).hasSize(4);
      assertThat(inHandler.values()).containsOnlyNulls();
    }

    @Test
    void onARunningWorker_theHandlersThreadCarriesTheKeys_andTheOutcomeToo() {
      // Real threads and the real clock: the worker's own job threads, not runDue's path.
      Docket docket = Docket.builder().broker(InMemoryBroker.create(TimeSource.system())).build();
      clients.add(docket);
      Map<String, @Nullable String> inHandler = new ConcurrentHashMap<>();
      List<Map<String, @Nullable String>> onOutcome = new CopyOnWriteArrayList<>();
      JobInterceptor outcomes = new JobInterceptor() {
        @Override
        public void onOutcome(JobInvocation job, JobOutcome outcome) {
          onOutcome.add(snapshot());
        }
      };
      var job = docket.enqueue(ECHO, "x");
      try (Worker w = docket.worker().interceptor(outcomes).handle(ECHO, (s, ctx) -> {
        snapshot().forEach((k, v) -> inHandler.put(k, v == null ? "<none>" : v));
        return s;
      }).start()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> onOutcome.size() == 1);
      }
      Map<String, String> expected = Map.of(JobMdc.JOB_ID, job.id().value(), JobMdc.TASK, "echo",
          JobMdc.QUEUE, "default", JobMdc.ATTEMPT, "1");
      assertThat(inHandler).isEqualTo(expected);
      assertThat(onOutcome).containsExactly(new HashMap<>(expected));
    }
  }
}
