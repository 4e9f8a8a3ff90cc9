package dev.docket.internal;

import dev.docket.TaskType.RateLimit;
import dev.docket.spi.StateStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Last gate: counts the job in its task's fixed rate-limit window; over the limit, the job is
 * deferred to the next window. It holds nothing: a counted slot is used even if the job fails.
 */
record RateLimitGate(StateStore store) implements CoordinationGate.Step<RateLimit> {
  @Override
  public Coordinator.@Nullable Gate pass(GateEntry e, RateLimit rate) {
    long windowMillis = rate.window().toMillis();
    long nowMillis = e.now.toEpochMilli();
    long index = Math.floorDiv(nowMillis, windowMillis);
    // The counter outlives its window so skewed clocks of other workers still find it.
    long count = store.increment(StoreKeys.rate(e.name(), index), 1,
        rate.window().multipliedBy(2));
    if (count <= rate.permits()) {
      return null;
    }
    long untilNext = (index + 1) * windowMillis - nowMillis;
    return new Coordinator.Gate.Defer(Duration.ofMillis(Math.max(1, untilNext)),
        "rate limit of task '" + e.name() + "' (" + rate.permits() + " per " + rate.window()
            + ") reached");
  }
}
