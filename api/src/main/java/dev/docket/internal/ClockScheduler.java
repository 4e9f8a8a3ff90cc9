package dev.docket.internal;

import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs short actions at instants of an injected {@link TimeSource}: the worker's lease keeper and its
 * handler timeouts. One daemon thread waits on a {@link ClockTimer}, so on a controllable source
 * an action runs as soon as a test advances time past it, and in production as the system clock
 * reaches it. Actions run on that thread and must only hand work off (start a virtual thread,
 * interrupt one); a slow action would delay every other. Thread-safe.
 */
public final class ClockScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClockScheduler.class);
  /** Longest wait while nothing is scheduled. */
  private static final Duration IDLE = Duration.ofMinutes(1);

  private final TimeSource clock;
  private final ClockTimer timer;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /** A scheduler on {@code clock}; its thread starts at once. */
  public ClockScheduler(TimeSource clock, String name) {
    this.clock = clock;
    this.timer = new ClockTimer(clock);
    this.thread = RuntimeThreads.startLoop(name, this::loop);
  }

  /** A scheduled action; {@link #cancel()} keeps it from running. */
  public interface Handle {
    /** Removes the action if it has not run yet (and stops a periodic one). */
    void cancel();
  }

  /** Runs {@code action} once {@code delay} has passed on the clock. */
  public Handle schedule(Duration delay, Runnable action) {
    return add(new Task(clock.instant().plus(delay), null, action, sequence.incrementAndGet(),
        new AtomicBoolean()));
  }

  /**
   * Runs {@code action} every {@code period}, first after one period. Runs missed while the clock
   * jumped (a manual clock advanced by several periods) collapse into one.
   */
  public Handle scheduleAtFixedRate(Duration period, Runnable action) {
    return add(new Task(clock.instant().plus(period), period, action,
        sequence.incrementAndGet(), new AtomicBoolean()));
  }

  /** The time source the actions run on. */
  public TimeSource clock() {
    return clock;
  }

  private Handle add(Task task) {
    boolean first;
    synchronized (queue) {
      if (closed) {
        throw new RejectedExecutionException("scheduler is closed");
      }
      queue.add(task);
      first = queue.peek() == task;
    }
    if (first) {
      timer.wake();
    }
    return () -> {
      task.cancelled.set(true);
      synchronized (queue) {
        queue.remove(task);
      }
    };
  }

  private void loop() {
    while (!closed) {
      Task next;
      synchronized (queue) {
        next = queue.peek();
      }
      try {
        Instant now = clock.instant();
        if (next == null || now.isBefore(next.due)) {
          timer.awaitUntil(next == null ? now.plus(IDLE) : next.due);
          continue;
        }
      } catch (InterruptedException e) {
        return;
      }
      synchronized (queue) {
        if (queue.peek() != next) {
          continue;
        }
        queue.poll();
        Duration period = next.period;
        if (period != null && !next.cancelled.get()) {
          Instant again = next.due.plus(period);
          Instant now = clock.instant();
          queue.add(new Task(again.isAfter(now) ? again : now.plus(period), period,
              next.action, sequence.incrementAndGet(), next.cancelled));
        }
      }
      if (!next.cancelled.get()) {
        try {
          next.action.run();
        } catch (RuntimeException e) {
          LOG.error("A scheduled worker action failed; the worker keeps going", e);
        }
      }
    }
  }

  /** Stops the thread; actions not yet run never run. */
  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
      queue.clear();
    }
    timer.close();
    thread.interrupt();
  }

  private static final class Task implements Comparable<Task> {
    final Instant due;
    final @Nullable Duration period;
    final Runnable action;
    final long seq;
    /** Shared by every run of a periodic task, so one cancel stops them all. */
    final AtomicBoolean cancelled;

    Task(Instant due, @Nullable Duration period, Runnable action, long seq,
        AtomicBoolean cancelled) {
      this.due = due;
      this.period = period;
      this.action = action;
      this.seq = seq;
      this.cancelled = cancelled;
    }

    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
