package dev.docket.broker.sqs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers single calls from many threads into batch requests of up to ten entries (the SQS batch
 * limit): a caller adds its entry and blocks until a flusher thread has sent the batch holding it.
 * A flusher takes the first waiting entry, lingers up to {@code linger} for more, and sends; a
 * few flushers run side by side so one slow request does not hold up the rest.
 *
 * <p>Thread-safe. Flushers are virtual threads that stop when {@link #close()} is called.
 *
 * @param <E> an entry
 * @param <R> the result of one entry
 */
final class Batcher<E, R> implements AutoCloseable {

  static final int MAX_BATCH = 10;

  private record Pending<E, R>(E entry, CompletableFuture<R> result) {}

  private final LinkedBlockingQueue<Pending<E, R>> queue = new LinkedBlockingQueue<>();
  private final Function<List<E>, List<R>> send;
  private final long lingerNanos;
  private final List<Thread> flushers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param send sends one batch and returns one result per entry, in order; an exception fails
   *     every entry of the batch
   */
  Batcher(String name, int flusherCount, Duration linger, Function<List<E>, List<R>> send) {
    this.send = send;
    this.lingerNanos = linger.toNanos();
    for (int i = 0; i < flusherCount; i++) {
      flushers.add(Thread.ofVirtual().name(name + "-" + i).start(this::flushLoop));
    }
  }

  /** Submits one entry and waits for its result. */
  R call(E entry) {
    if (closed) {
      throw new IllegalStateException("the SQS broker is closed");
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    queue.add(new Pending<>(entry, result));
    return result.join();
  }

  private void flushLoop() {
    List<Pending<E, R>> batch = new ArrayList<>(MAX_BATCH);
    while (!closed) {
      try {
        Pending<E, R> first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        // Real time on purpose: the linger coalesces requests for a few milliseconds of the
        // transport, not job time, and must not stretch or vanish with a test's manual clock.
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < MAX_BATCH) {
          long left = deadline - System.nanoTime();
          Pending<E, R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        break;
      }
      flush(batch);
      batch.clear();
    }
    failRemaining();
  }

  private void flush(List<Pending<E, R>> batch) {
    try {
      List<R> results = send.apply(batch.stream().map(Pending::entry).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  private void failRemaining() {
    Pending<E, R> p;
    while ((p = queue.poll()) != null) {
      p.result().completeExceptionally(new IllegalStateException("the SQS broker is closed"));
    }
  }

  @Override
  public void close() {
    closed = true;
    flushers.forEach(Thread::interrupt);
    failRemaining();
  }
}
