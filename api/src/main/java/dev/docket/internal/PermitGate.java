package dev.docket.internal;

import dev.docket.TaskType.ConcurrencyLimit;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Third gate: takes one of the task's global concurrency permits, trying them from a random one
 * on so that workers do not all contend for permit 0. None free defers the job.
 */
record PermitGate(StateStore store, Duration lease)
    implements CoordinationGate.Step<ConcurrencyLimit> {
  @Override
  public Coordinator.@Nullable Gate pass(GateEntry e, ConcurrencyLimit limit) {
    int n = limit.permits();
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int i = 0; i < n; i++) {
      String key = StoreKeys.permit(e.name(), (start + i) % n);
      if (store.putIfAbsent(key, e.owner, lease)) {
        e.held.add(new Coordinator.Held(key, e.owner));
        return null;
      }
    }
    return new Coordinator.Gate.Defer(limit.retryDelay(), "all " + n
        + " concurrency permits of task '" + e.name() + "' are taken");
  }
}
