package dev.docket.internal;

import dev.docket.JobId;
import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Decides which scheduler enqueues a cron tick, with one atomic step in the shared store: a
 * {@link StateStore#putIfAbsent} of the tick's claim, made <em>before</em> the enqueue and kept
 * for the claim TTL, so it survives the scheduler's crash. The claim records who took it and
 * when ({@code claimed|<scheduler>|<epoch millis>|<nonce>}); after the enqueue it becomes {@code
 * done}. A claim still not done after the claim timeout belongs to a scheduler that died or
 * hung between claim and done: exactly one later scheduler takes it over (compare-and-delete of
 * the stale value, then set-if-absent) and finishes the tick. Whether the dead one's enqueue
 * happened is then read from the job's state record (the tick's job id is deterministic), so a
 * job that was enqueued and ran is not enqueued again. Thread-safe.
 */
public final class TickClaims {
  private static final byte[] DONE = "done".getBytes(StandardCharsets.UTF_8);
  private static final String PREFIX = "claimed|";

  private final StateStore store;
  private final TimeSource clock;
  private final String schedulerId;
  private final Duration timeout;
  private final Duration ttl;
  private final @Nullable JobRecords records;

  /**
   * Claims in {@code store}, made by {@code schedulerId}, stale after {@code timeout} on {@code
   * clock}, kept for {@code ttl}; {@code records} (if any) tell whether a tick's job exists.
   */
  public TickClaims(StateStore store, TimeSource clock, String schedulerId, Duration timeout,
      Duration ttl, @Nullable JobRecords records) {
    this.records = records;
    this.store = store;
    this.clock = clock;
    this.schedulerId = schedulerId;
    this.timeout = timeout;
    this.ttl = ttl;
  }

  /**
   * A tick this instance must enqueue.
   *
   * @param token the claim's value, to give it back
   * @param takeover whether it was taken over from a scheduler that never finished it
   */
  public record Claim(byte[] token, boolean takeover) {}

  /**
   * The claim of {@code key} when this instance must enqueue job {@code jobId}; empty when
   * another holds or did it, or when a taken-over tick's job is already recorded.
   */
  public Optional<Claim> acquire(String key, String jobId) {
    byte[] token = (PREFIX + schedulerId + "|" + clock.millis() + "|" + UUID.randomUUID())
        .getBytes(StandardCharsets.UTF_8);
    if (store.putIfAbsent(key, token, ttl)) {
      return Optional.of(new Claim(token, false));
    }
    Optional<byte[]> current = store.get(key);
    if (current.isEmpty() || Arrays.equals(current.get(), DONE) || !stale(current.get())) {
      return Optional.empty();
    }
    // Of all schedulers that see the same stale claim, only one deletes exactly that value.
    if (!store.compareAndDelete(key, current.get()) || !store.putIfAbsent(key, token, ttl)) {
      return Optional.empty();
    }
    if (records != null && records.readState(JobId.of(jobId)).isPresent()) {
      done(key); // the dead scheduler's enqueue happened (the job is recorded): finish only
      return Optional.empty();
    }
    return Optional.of(new Claim(token, true));
  }

  /** Marks the tick enqueued. */
  public void done(String key) {
    store.put(key, DONE, ttl);
  }

  /** Gives a claim back (its enqueue failed) so this or another instance retries the tick. */
  public void giveBack(String key, Claim claim) {
    store.compareAndDelete(key, claim.token());
  }

  /** Moves a schedule's "last handled tick" forward, never back, against racing instances. */
  public static void advance(StateStore store, String key, Instant to, Duration ttl) {
    for (int i = 0; i < 10; i++) {
      Optional<byte[]> cur = store.get(key);
      if (cur.isEmpty()) {
        if (store.putIfAbsent(key, to.toString().getBytes(StandardCharsets.UTF_8), ttl)) {
          return;
        }
        continue;
      }
      Instant current = Instant.parse(new String(cur.get(), StandardCharsets.UTF_8));
      if (!current.isBefore(to)) {
        return;
      }
      if (store.compareAndDelete(key, cur.get())
          && store.putIfAbsent(key, to.toString().getBytes(StandardCharsets.UTF_8), ttl)) {
        return;
      }
    }
  }

  private boolean stale(byte[] value) {
    String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length < 3 || !(parts[0] + "|").equals(PREFIX)) {
      return false; // an older scheduler's pending claim: it lapses by its own TTL
    }
    try {
      return clock.millis() - Long.parseLong(parts[2]) >= timeout.toMillis();
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
