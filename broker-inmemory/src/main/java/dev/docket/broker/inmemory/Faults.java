package dev.docket.broker.inmemory;

import java.util.EnumMap;
import java.util.Map;

/**
 * The injected faults still armed on an {@link InMemoryBroker}, by kind, each with the number of
 * operations it will still break. Not thread-safe: used under the broker's lock.
 */
final class Faults {
  private final Map<Fault, Integer> armed = new EnumMap<>(Fault.class);

  /** Breaks the next {@code times} operations of {@code fault}'s kind. */
  void arm(Fault fault, int times) {
    armed.put(fault, times);
  }

  /** Whether this operation breaks: true, counting one down, while {@code fault} is armed. */
  boolean take(Fault fault) {
    Integer left = armed.get(fault);
    if (left == null || left == 0) {
      return false;
    }
    armed.put(fault, left - 1);
    return true;
  }
}
