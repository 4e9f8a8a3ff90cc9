package dev.docket.internal;

import dev.docket.OnConflict;
import dev.docket.TaskType.Singleton;
import dev.docket.spi.StateStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Second gate: takes the singleton lock of the task (and key). A lock held by another job skips
 * or defers this one, as the task's {@link OnConflict} says.
 */
record SingletonGate(StateStore store, Duration lease)
    implements CoordinationGate.Step<Singleton<Object>> {
  @Override
  public Coordinator.@Nullable Gate pass(GateEntry e, Singleton<Object> singleton) {
    String key = StoreKeys.lock(e.name(), e.userKey(singleton.key(), "singleton"));
    if (!store.putIfAbsent(key, e.owner, lease)) {
      String why = "singleton lock " + key + " is held by another job";
      return singleton.onConflict() == OnConflict.SKIP ? new Coordinator.Gate.Skip(why)
          : new Coordinator.Gate.Defer(singleton.retryDelay(), why);
    }
    e.held.add(new Coordinator.Held(key, e.owner));
    return null;
  }
}
