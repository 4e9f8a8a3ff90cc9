package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.JobEvent;
import dev.docket.JobId;
import dev.docket.JobInterceptor;
import dev.docket.JobInvocation;
import dev.docket.JobOutcome;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What the seam costs when nothing is registered: the same objects back, so the hot path
 * allocates nothing and reads no clock. The behaviour, MDC included, is proven on memory:// by
 * {@code JobInterceptorTest} in broker-inmemory.
 */
class InterceptorsTest {
  private final ManualClock clock = new ManualClock();
  private final Delivery delivery = new Delivery("q", "job-1", new byte[0],
      Map.of(Headers.TASK, "t"), 0, 2, clock.instant(), "lease", clock.instant());
  private final RunContext ctx = new RunContext(JobId.of("job-1"), "t", "q", 2, 3, Map.of(),
      clock.instant(), "w");
  private final HandlerRun.Call call = () -> "done";

  @Test
  void none_isSharedAndHandsBackWhatItWasGiven() {
    Interceptors none = Interceptors.of(List.of(), false, clock);
    Listeners listeners = new Listeners(List.of());

    assertThat(none).isSameAs(Interceptors.NONE);
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.open(delivery)).isSameAs(Interceptors.Scope.NONE);
    assertThat(none.wrap(ctx, delivery, null, call)).isSameAs(call);
    assertThat(none.listen(listeners)).isSameAs(listeners);
  }

  @Test
  void mdcOnly_needsNoOutcomeListener() {
    Interceptors mdc = Interceptors.of(List.of(), true, clock);
    Listeners listeners = new Listeners(List.of());

    assertThat(mdc.isEmpty()).isFalse();
    assertThat(mdc.listen(listeners)).isSameAs(listeners);
    assertThat(mdc.wrap(ctx, delivery, null, call)).isNotSameAs(call);
  }

  @Test
  void enqueueHooks_withoutInterceptors_returnTheCallersHeaders() {
    Map<String, String> headers = Map.of("a", "b");
    Instant now = clock.instant();

    assertThat(EnqueueHooks.headers(List.of(), JobId.of("j"), "t", "q", now, null, headers))
        .isSameAs(headers);
    assertThat(EnqueueHooks.headers(List.of(new JobInterceptor() { }), JobId.of("j"), "t", "q",
        now, null, headers)).isSameAs(headers);
  }

  /**
   * A retried job released with a short backoff can be fetched again by another worker thread,
   * which opens its own scope under the same id, before the first thread emits its {@code
   * Retried}. That event still belongs to the first run (it was a flake on Redis in CI: the
   * retry's outcome was reported as "failure").
   */
  @Test
  void retriedEvent_goesToTheRunOfItsThread_evenWhenTheRedeliveryIsAlreadyOpen()
      throws Exception {
    List<JobOutcome.Kind> kinds = new CopyOnWriteArrayList<>();
    JobInterceptor recorder = new JobInterceptor() {
      @Override
      public void onOutcome(JobInvocation job, JobOutcome outcome) {
        kinds.add(outcome.kind());
      }
    };
    Interceptors chain = Interceptors.of(List.of(recorder), false, clock);
    Listeners listeners = chain.listen(new Listeners(List.of()));
    JobId id = JobId.of("job-1");
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Interceptors.Scope first = chain.open(delivery);
      chain.wrap(ctx, delivery, null, () -> "ran").call();
      // The redelivery opens and starts on another thread while this one has not emitted yet.
      Interceptors.Scope second = other.submit(() -> {
        Interceptors.Scope s = chain.open(delivery);
        chain.wrap(ctx, delivery, null, () -> "ran again").call();
        return s;
      }).get();
      listeners.emit(new JobEvent.Failed(id, "t", "q", clock.instant(), 2, Duration.ZERO,
          new IllegalStateException("boom")));
      listeners.emit(new JobEvent.Retried(id, "t", "q", clock.instant(), 2, Duration.ZERO));
      first.close();
      other.submit(() -> {
        listeners.emit(new JobEvent.Succeeded(id, "t", "q", clock.instant(), 3, Duration.ZERO,
            "ok"));
        second.close();
      }).get();
    } finally {
      other.shutdownNow();
    }

    assertThat(kinds).containsExactly(JobOutcome.Kind.RETRY, JobOutcome.Kind.SUCCESS);
  }
}
