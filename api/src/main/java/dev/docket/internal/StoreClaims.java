package dev.docket.internal;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One-winner decisions in the shared store, for steps that must happen once across every
 * process (a chord's callback enqueue, a workflow's error task). The decision is a single atomic
 * {@link StateStore#putIfAbsent}: of any number of racing callers in any number of processes
 * exactly one wins, and the claim names its winner, so the winner's own redelivery (it crashed
 * after claiming, before its ack) recognises the claim as its own and finishes the step, while
 * every other caller backs off. Thread-safe; stateless.
 */
public final class StoreClaims {
  private StoreClaims() {}

  /** True when {@code owner} holds the claim {@code key}: it took it now, or holds it already. */
  public static boolean claim(StateStore store, String key, String owner, Duration ttl) {
    byte[] me = owner.getBytes(StandardCharsets.UTF_8);
    if (store.putIfAbsent(key, me, ttl)) {
      return true;
    }
    return store.get(key).map(v -> Arrays.equals(v, me)).orElse(false);
  }
}
