package dev.docket.store.jdbc.internal;

import dev.docket.DocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A small fixed-size pool of autocommit connections. Every store operation is one statement, so a
 * connection is held for one round trip; a handful serve many worker threads. A connection that
 * failed is closed instead of returned, and the next borrow opens a fresh one.
 */
public final class ConnectionPool implements AutoCloseable {

  /** Opens a new connection. */
  @FunctionalInterface
  public interface Opener {
    /** A new open connection. */
    Connection open() throws SQLException;
  }

  private final Opener opener;
  private final int size;
  private final Duration borrowTimeout;
  private final String description;
  private final BlockingQueue<Connection> idle;
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  /** A pool of at most {@code size} connections; {@code description} is safe to print. */
  public ConnectionPool(Opener opener, int size, Duration borrowTimeout, String description) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be at least 1, was " + size);
    }
    this.opener = opener;
    this.size = size;
    this.borrowTimeout = borrowTimeout;
    this.description = description;
    this.idle = new ArrayBlockingQueue<>(size);
  }

  /** An idle connection, a new one while below the size, else waits up to the borrow timeout. */
  public Connection borrow() {
    check();
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    if (open.incrementAndGet() <= size) {
      try {
        Connection fresh = opener.open();
        fresh.setAutoCommit(true);
        return fresh;
      } catch (SQLException e) {
        open.decrementAndGet();
        throw new DocketException("cannot connect to the state store " + description + ": "
            + e.getMessage(), e);
      }
    }
    open.decrementAndGet();
    try {
      c = idle.poll(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DocketException("interrupted while waiting for a state store connection", e);
    }
    if (c == null) {
      throw new DocketException("no state store connection to " + description + " became free"
          + " within " + borrowTimeout + " (pool size " + size + "); raise the poolSize option");
    }
    return c;
  }

  /** Returns a connection; a broken one ({@code failure} not null) is closed instead. */
  public void release(Connection c, @Nullable SQLException failure) {
    if (closed || (failure != null && broken(c)) || !idle.offer(c)) {
      discard(c);
    }
  }

  private boolean broken(Connection c) {
    try {
      return c.isClosed() || !c.isValid(1);
    } catch (SQLException e) {
      return true;
    }
  }

  private void discard(Connection c) {
    open.decrementAndGet();
    try {
      c.close();
    } catch (SQLException ignored) {
      // Already broken; nothing more to free.
    }
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("the state store " + description + " is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    List<Connection> all = new ArrayList<>();
    idle.drainTo(all);
    all.forEach(this::discard);
  }
}
