package dev.docket.internal;

import dev.docket.RetryPolicy;
import dev.docket.spi.Delivery;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges a crash only to the job that was running when its worker died (issue 10, item 6).
 *
 * <p>A broker's delivery count rises for every delivery a dead worker held: the one that crashed
 * it, but also those prefetched and not started, those running beside it, and those finished
 * whose ack was not yet sent. Condemning by that count (DELIVERY_LIMIT) sends the bystanders of a
 * poison job to the dead-letter queue with it. So, for a redelivery only (deliveryCount &gt; 1:
 * the first delivery, the hot path, writes nothing), the worker counts the run as started in the
 * state store ({@code docket:starts:<job id>}, +1) right before the handler and as ended (-1) as
 * soon as the handler returned (before the ack, so a lost ack is no crash). A start without its
 * end is a run its worker did not survive; the counter holds exactly those. A job with one
 * recorded crash runs alone ({@link SoloGate}): a crash then charges it only. See {@link
 * #exhausted} for the limit.
 *
 * <p>Without a store the plain delivery count decides, as before. Thread-safe.
 */
final class StartLedger {
  private static final Logger LOG = LoggerFactory.getLogger(StartLedger.class);

  /** How long a counter outlives its last write: longer than any retry backoff. */
  static final Duration TTL = Duration.ofDays(7);

  /** An attempt not recorded (first delivery, no store, or the store failed). */
  static final Start UNRECORDED = new Start(null, "");

  private final @Nullable StateStore store;

  StartLedger(@Nullable StateStore store) {
    this.store = store;
  }

  /**
   * Crashes recorded for {@code d}'s job (starts whose worker died), read without changing them;
   * -1 for a first delivery, without a store, or when the store fails (the count decides then).
   */
  int crashes(Delivery d) {
    StateStore s = store;
    if (s == null || d.deliveryCount() <= 1) {
      return -1;
    }
    try {
      return (int) Math.max(0, s.increment(StoreKeys.jobStarts(d.id()), 0, TTL));
    } catch (RuntimeException e) {
      LOG.warn("Could not read the starts of job {} (attempt {}); its delivery count decides"
          + " the delivery limit: {}", d.id(), d.deliveryCount(), e.toString());
      return -1;
    }
  }

  /**
   * Whether a job with {@code crashes} recorded has crashed its workers more often than {@code
   * policy} allows. The unrecorded first delivery is presumed a crash, so a poison job is
   * condemned after maxRetries + 1 crashes as before. An innocent job is charged at most once
   * (running beside a crash before it was known as a suspect; after that it runs alone), so the
   * bar is at least 2 recorded crashes: with maxRetries 0 or 1 a poison job gets 3 crashes.
   */
  static boolean exhausted(int crashes, RetryPolicy policy) {
    return crashes >= 0 && crashes >= Math.max(2, policy.maxRetries());
  }

  /** Forgets a job's crashes (it was dead-lettered; a replay starts afresh). */
  void forget(String jobId) {
    StateStore s = store;
    if (s == null) {
      return;
    }
    try {
      s.delete(StoreKeys.jobStarts(jobId));
    } catch (RuntimeException e) {
      LOG.debug("Could not forget the starts of job {}; they expire after {}", jobId, TTL, e);
    }
  }

  /** Records the start of a redelivery's run; a no-op record for a first delivery. */
  Start begin(Delivery d) {
    StateStore s = store;
    if (s == null || d.deliveryCount() <= 1) {
      return UNRECORDED;
    }
    String key = StoreKeys.jobStarts(d.id());
    try {
      s.increment(key, 1, TTL);
      return new Start(s, key);
    } catch (RuntimeException e) {
      LOG.warn("Could not record the start of job {}: {}", d.id(), e.toString());
      return UNRECORDED;
    }
  }

  /** One attempt's record. */
  static final class Start {
    private final @Nullable StateStore store;
    private final String key;
    private final AtomicBoolean ended = new AtomicBoolean();

    Start(@Nullable StateStore store, String key) {
      this.store = store;
      this.key = key;
    }

    /** The handler returned (or its live worker gave up on it at its timeout): once only. */
    void end() {
      StateStore s = store;
      if (s == null || !ended.compareAndSet(false, true)) {
        return;
      }
      try {
        s.increment(key, -1, TTL);
      } catch (RuntimeException e) {
        LOG.warn("Could not record the end of an attempt ({}); the job may be charged with one"
            + " crash it did not cause: {}", key, e.toString());
      }
    }
  }
}
