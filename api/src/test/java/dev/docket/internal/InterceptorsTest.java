package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.JobId;
import dev.docket.JobInterceptor;
import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
}
