package dev.docket.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a broker does natively or emulates, as declared by its module. The TCK reads these to say
 * which optional rules a broker claims; a rule a broker does not claim is reported as skipped with
 * the reason, never passed silently. Built by name with {@link #builder()} (there is no positional
 * constructor: most of its values are booleans, too easy to swap). Immutable and
 * thread-safe; equal when every value is.
 *
 * @since 0.1
 */
public final class Capabilities {
  private final boolean messagePriority;
  private final int priorityLevels;
  private final boolean fifo;
  private final long maxMessageBytes;
  private final Duration maxDelay;
  private final Duration delayTolerance;
  private final boolean exactStats;
  private final boolean controllableClock;
  private final Duration minLease;
  private final boolean listQueues;
  private final boolean browse;
  private final boolean moveWaiting;
  private final boolean restoreDeadLetters;
  private final boolean durableDedup;
  private final int fetchBatch;

  private Capabilities(Builder b) {
    if (b.priorityLevels < 1) {
      throw new IllegalArgumentException("priorityLevels must be at least 1");
    }
    if (b.maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
    if (b.fetchBatch < 1) {
      throw new IllegalArgumentException("fetchBatch must be at least 1, was " + b.fetchBatch);
    }
    this.messagePriority = b.messagePriority;
    this.priorityLevels = b.priorityLevels;
    this.fifo = b.fifo;
    this.maxMessageBytes = b.maxMessageBytes;
    this.maxDelay = b.maxDelay;
    this.delayTolerance = b.delayTolerance;
    this.exactStats = b.exactStats;
    this.controllableClock = b.controllableClock;
    this.minLease = b.minLease;
    this.listQueues = b.listQueues;
    this.browse = b.browse;
    this.moveWaiting = b.moveWaiting;
    this.restoreDeadLetters = b.restoreDeadLetters;
    this.durableDedup = b.durableDedup;
    this.fetchBatch = b.fetchBatch;
  }

  /**
   * A builder with the defaults of a plain queue: no message priority (one level), no FIFO,
   * approximate stats, no controllable clock, no delay, zero tolerance, a 1 ms lease floor, and
   * neither queue listing nor browsing, no moving of waiting jobs, no restoring of dead letters
   * and no durable dedup by id.
   * {@link Builder#maxMessageBytes} has no default and must be set.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values, to declare a variant. */
  public Builder toBuilder() {
    return new Builder().messagePriority(messagePriority).priorityLevels(priorityLevels)
        .fifo(fifo).maxMessageBytes(maxMessageBytes).maxDelay(maxDelay)
        .delayTolerance(delayTolerance).exactStats(exactStats)
        .controllableClock(controllableClock).minLease(minLease).listQueues(listQueues)
        .browse(browse).moveWaiting(moveWaiting).restoreDeadLetters(restoreDeadLetters)
        .durableDedup(durableDedup).fetchBatch(fetchBatch);
  }

  /** Whether higher-priority messages of one queue are delivered first. */
  public boolean messagePriority() {
    return messagePriority;
  }

  /** How many distinct priority levels are kept apart (1 if none). */
  public int priorityLevels() {
    return priorityLevels;
  }

  /**
   * Whether messages of equal priority are delivered in publish order (best effort across a
   * single consumer).
   */
  public boolean fifo() {
    return fifo;
  }

  /** The largest body accepted; larger is refused before sending. */
  public long maxMessageBytes() {
    return maxMessageBytes;
  }

  /** The longest delay supported (emulated or native). */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** How late after its due time a message may arrive on an idle broker. */
  public Duration delayTolerance() {
    return delayTolerance;
  }

  /** Whether {@link Broker#stats} counts are exact rather than approximate. */
  public boolean exactStats() {
    return exactStats;
  }

  /**
   * Whether the broker reads all its time from a {@link TimeSource} that is {@link
   * TimeSource#controllable()} ({@link BrokerConfig#time()}), so tests can move time by hand
   * instead of waiting; a broker sets it from the source, never from the source's type.
   */
  public boolean controllableClock() {
    return controllableClock;
  }

  /** The shortest lease the broker honours (lease granularity). */
  public Duration minLease() {
    return minLease;
  }

  /**
   * Whether {@link QueueBrowser#queues} lists the queues this broker holds. False where the
   * server offers no way to enumerate them over the broker's own protocol (RabbitMQ over AMQP
   * 0-9-1); {@link QueueBrowser#queues} then throws {@link UnsupportedOperationException} saying
   * why, and tools fall back to the queues the application names.
   *
   * @since 0.4
   */
  public boolean listQueues() {
    return listQueues;
  }

  /**
   * Whether {@link QueueBrowser#jobs} and {@link QueueBrowser#job} show waiting jobs without
   * receiving them. False where the only way to see a message is to lease it (SQS, RabbitMQ):
   * those methods then throw {@link UnsupportedOperationException} saying why, and tools print
   * that instead of faking a listing.
   *
   * @since 0.4
   */
  public boolean browse() {
    return browse;
  }

  /**
   * Whether {@link Broker#delayedMessages} reads delayed jobs whole (body, headers, due time,
   * deliveries) without leasing them and {@link Broker#removeWaiting} deletes waiting jobs by id,
   * so a migration can move delayed jobs at once with their due times. False where a delayed job
   * can only be seen once it is due (RabbitMQ's TTL tiers, SQS delays): a migration then waits
   * for them to come due.
   *
   * @since 0.5
   */
  public boolean moveWaiting() {
    return moveWaiting;
  }

  /**
   * Whether {@link DeadLetterStore#restore} writes dead letters into this broker's dead-letter
   * queues with their failure records and original bytes, idempotent by content, so a migration
   * can bring a DLQ over.
   *
   * @since 0.5
   */
  public boolean restoreDeadLetters() {
    return restoreDeadLetters;
  }

  /**
   * Whether {@link Broker#publish} answers {@link PublishOutcome#DUPLICATE} for an id live in the
   * queue whoever published it and across client restarts (the server checks it). False where
   * only the publishing client remembers ids for a while (RabbitMQ) or the service dedupes
   * within a short window only: re-publishing after a crash may then store a second copy.
   *
   * @since 0.5
   */
  public boolean durableDedup() {
    return durableDedup;
  }

  /**
   * How many messages one fetch request brings for the price of one: 1 (the default) where a
   * fetch costs the same whatever it brings or the broker pushes (Redis, RabbitMQ), 10 on SQS,
   * where every receive is a billed request returning at most ten messages. A worker whose last
   * fetch came back full (a backlog is waiting) asks for this many (capped at its concurrency)
   * even when fewer of its slots are free: the jobs beyond its free slots wait in the worker,
   * under their leases, for the next slots to free, as RabbitMQ's prefetch does, instead of one
   * request per freed slot. A worker that idles or keeps up with a trickle asks for its free
   * slots only.
   *
   * @since 0.6
   */
  public int fetchBatch() {
    return fetchBatch;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Capabilities c && messagePriority == c.messagePriority
        && priorityLevels == c.priorityLevels && fifo == c.fifo
        && maxMessageBytes == c.maxMessageBytes && maxDelay.equals(c.maxDelay)
        && delayTolerance.equals(c.delayTolerance) && exactStats == c.exactStats
        && controllableClock == c.controllableClock && minLease.equals(c.minLease)
        && listQueues == c.listQueues && browse == c.browse && moveWaiting == c.moveWaiting
        && restoreDeadLetters == c.restoreDeadLetters && durableDedup == c.durableDedup
        && fetchBatch == c.fetchBatch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(messagePriority, priorityLevels, fifo, maxMessageBytes, maxDelay,
        delayTolerance, exactStats, controllableClock, minLease, listQueues, browse, moveWaiting,
        restoreDeadLetters, durableDedup, fetchBatch);
  }

  @Override
  public String toString() {
    return "Capabilities[messagePriority=" + messagePriority + ", priorityLevels="
        + priorityLevels + ", fifo=" + fifo + ", maxMessageBytes=" + maxMessageBytes
        + ", maxDelay=" + maxDelay + ", delayTolerance=" + delayTolerance + ", exactStats="
        + exactStats + ", controllableClock=" + controllableClock + ", minLease=" + minLease
        + ", listQueues=" + listQueues + ", browse=" + browse + ", moveWaiting=" + moveWaiting
        + ", restoreDeadLetters=" + restoreDeadLetters + ", durableDedup=" + durableDedup
        + ", fetchBatch=" + fetchBatch + "]";
  }

  /** Builds {@link Capabilities} by name; each setter documents its value's meaning. */
  public static final class Builder {
    private boolean messagePriority;
    private int priorityLevels = 1;
    private boolean fifo;
    private long maxMessageBytes;
    private Duration maxDelay = Duration.ZERO;
    private Duration delayTolerance = Duration.ZERO;
    private boolean exactStats;
    private boolean controllableClock;
    private Duration minLease = Duration.ofMillis(1);
    private boolean listQueues;
    private boolean browse;
    private boolean moveWaiting;
    private boolean restoreDeadLetters;
    private boolean durableDedup;
    private int fetchBatch = 1;

    private Builder() {}

    /** See {@link Capabilities#fetchBatch()}; default 1, at least 1. */
    public Builder fetchBatch(int messages) {
      this.fetchBatch = messages;
      return this;
    }

    /** See {@link Capabilities#moveWaiting()}; default false. */
    public Builder moveWaiting(boolean moveWaiting) {
      this.moveWaiting = moveWaiting;
      return this;
    }

    /** See {@link Capabilities#restoreDeadLetters()}; default false. */
    public Builder restoreDeadLetters(boolean restoreDeadLetters) {
      this.restoreDeadLetters = restoreDeadLetters;
      return this;
    }

    /** See {@link Capabilities#durableDedup()}; default false. */
    public Builder durableDedup(boolean durableDedup) {
      this.durableDedup = durableDedup;
      return this;
    }

    /** See {@link Capabilities#listQueues()}; default false. */
    public Builder listQueues(boolean listQueues) {
      this.listQueues = listQueues;
      return this;
    }

    /** See {@link Capabilities#browse()}; default false. */
    public Builder browse(boolean browse) {
      this.browse = browse;
      return this;
    }

    /** See {@link Capabilities#messagePriority()}. */
    public Builder messagePriority(boolean messagePriority) {
      this.messagePriority = messagePriority;
      return this;
    }

    /** See {@link Capabilities#priorityLevels()}; at least 1. */
    public Builder priorityLevels(int levels) {
      this.priorityLevels = levels;
      return this;
    }

    /** See {@link Capabilities#fifo()}. */
    public Builder fifo(boolean fifo) {
      this.fifo = fifo;
      return this;
    }

    /** See {@link Capabilities#maxMessageBytes()}; required, positive. */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** See {@link Capabilities#maxDelay()}. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /** See {@link Capabilities#delayTolerance()}. */
    public Builder delayTolerance(Duration delayTolerance) {
      this.delayTolerance = Objects.requireNonNull(delayTolerance, "delayTolerance");
      return this;
    }

    /** See {@link Capabilities#exactStats()}. */
    public Builder exactStats(boolean exactStats) {
      this.exactStats = exactStats;
      return this;
    }

    /** See {@link Capabilities#controllableClock()}. */
    public Builder controllableClock(boolean controllableClock) {
      this.controllableClock = controllableClock;
      return this;
    }

    /** See {@link Capabilities#minLease()}. */
    public Builder minLease(Duration minLease) {
      this.minLease = Objects.requireNonNull(minLease, "minLease");
      return this;
    }

    /** Validates and builds. */
    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}
