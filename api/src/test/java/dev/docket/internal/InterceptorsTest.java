package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(none.wrap(Interceptors.Scope.NONE, ctx, delivery, null, call)).isSameAs(call);
    assertThat(none.listen(listeners)).isSameAs(listeners);
  }

  @Test
  void mdcOnly_needsNoOutcomeListener() {
    Interceptors mdc = Interceptors.of(List.of(), true, clock);
    Listeners listeners = new Listeners(List.of());

    assertThat(mdc.isEmpty()).isFalse();
    assertThat(mdc.listen(listeners)).isSameAs(listeners);
    assertThat(mdc.wrap(mdc.open(delivery), ctx, delivery, null, call)).isNotSameAs(call);
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
   * which opens its own scope under the same id before the first thread settles its run. The
   * settlement tells the scope it was handed, so the first run's {@code Retried} still belongs
   * to it (it was a flake on Redis in CI while outcomes were found by job id: the retry's outcome
   * was reported as "failure"), and the redelivery's success to the second.
   */
  @Test
  void settlements_goToTheScopeOfTheirRun_evenWhenTheRedeliveryIsAlreadyOpen()
      throws Exception {
    List<JobOutcome.Kind> kinds = new CopyOnWriteArrayList<>();
    List<Duration> durations = new CopyOnWriteArrayList<>();
    JobInterceptor recorder = new JobInterceptor() {
      @Override
      public void onOutcome(JobInvocation job, JobOutcome outcome) {
        kinds.add(outcome.kind());
        durations.add(outcome.duration());
      }
    };
    Interceptors chain = Interceptors.of(List.of(recorder), false, clock);
    Listeners listeners = new Listeners(List.of());
    assertThat(chain.listen(listeners)).isSameAs(listeners);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Interceptors.Scope first = chain.open(delivery);
      assertThat(chain.wrap(first, ctx, delivery, null, () -> {
        clock.advance(Duration.ofSeconds(2));
        return "ran";
      }).call()).isEqualTo("ran");
      // The redelivery opens and starts on another thread while this one has not settled yet.
      Interceptors.Scope second = other.submit(() -> {
        Interceptors.Scope s = chain.open(delivery);
        chain.wrap(s, ctx, delivery, null, () -> "ran again").call();
        return s;
      }).get();
      first.settled(null, new IllegalStateException("boom"));
      first.settled(JobOutcome.Kind.RETRY, null);
      first.close();
      other.submit(() -> {
        second.settled(JobOutcome.Kind.SUCCESS, null);
        second.close();
      }).get();
    } finally {
      other.shutdownNow();
    }

    assertThat(kinds).containsExactly(JobOutcome.Kind.RETRY, JobOutcome.Kind.SUCCESS);
    assertThat(durations).containsExactly(Duration.ofSeconds(2), Duration.ZERO);
  }

  @Test
  void aRunThatNeverReachedItsHandler_hasNoOutcome() {
    List<JobOutcome> outcomes = new CopyOnWriteArrayList<>();
    JobInterceptor recorder = new JobInterceptor() {
      @Override
      public void onOutcome(JobInvocation job, JobOutcome outcome) {
        outcomes.add(outcome);
      }
    };
    Interceptors chain = Interceptors.of(List.of(recorder), true, clock);
    Interceptors.Scope scope = chain.open(delivery);
    scope.settled(JobOutcome.Kind.DEAD, null);
    scope.close();

    assertThat(outcomes).isEmpty();
  }
}
