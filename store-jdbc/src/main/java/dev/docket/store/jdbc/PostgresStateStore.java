package dev.docket.store.jdbc;

import dev.docket.DocketException;
import dev.docket.spi.StateStore;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStore} on PostgreSQL 12+, for deployments on RabbitMQ or SQS that already run a
 * database and want no Redis. One table holds every key: a value ({@code bytea}), a counter
 * ({@code bigint}) or a list ({@code bytea[]}), and an expiry. Every operation is a single
 * statement (upserts with {@code ON CONFLICT}), so it is atomic without explicit transactions or
 * locks. TTLs are measured on the database clock ({@code clock_timestamp()}), so workers with
 * skewed clocks agree on when a lock expires. Expired rows are invisible at once and deleted by a
 * sweep every {@value #SWEEP_EVERY} writes.
 *
 * <p>Open one through {@code docket.store.uri=postgresql://user:pass@host:5432/db} (see {@link
 * PostgresStoreProvider}; the store then runs its own HikariCP pool) or, on an application's own
 * {@link DataSource}, {@link #open(DataSource, String)}. Either way every operation takes one
 * connection from the data source and closes it (returns it to the pool) when the statement is
 * done.
 *
 * @since 0.1
 */
public final class PostgresStateStore implements StateStore {

  /** Writes between two sweeps of expired rows. */
  public static final int SWEEP_EVERY = 1000;

  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final @Nullable AutoCloseable owned;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String table;
  private final AtomicLong writes = new AtomicLong();
  private final StoreSql sql;

  private PostgresStateStore(DataSource dataSource, @Nullable AutoCloseable owned, String table) {
    this.dataSource = dataSource;
    this.owned = owned;
    this.table = table;
    this.sql = new StoreSql(table);
  }

  /**
   * A store on an application's {@link DataSource} (its own pool, typically), keeping its keys in
   * {@code table} (created when missing; lower-case letters, digits and underscores). The data
   * source is used as it is: each operation asks it for one connection and closes that connection
   * when its single statement is done, so the store holds no connection between operations and
   * adds no pool of its own. A connection handed out with auto-commit off gets its statement
   * committed. Closing the store does not close the data source.
   */
  public static PostgresStateStore open(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return open(dataSource, table, null);
  }

  /**
   * A store for a {@code postgresql://} URI with the options {@link PostgresStoreProvider}
   * documents, as {@code docket.store.uri} would open it.
   */
  public static PostgresStateStore connect(String uri) {
    return (PostgresStateStore) new PostgresStoreProvider().create(URI.create(uri),
        Clock.systemUTC());
  }

  /** A store on {@code dataSource}; {@code owned}, when given, is closed with the store. */
  static PostgresStateStore open(DataSource dataSource, String table,
      @Nullable AutoCloseable owned) {
    if (!TABLE.matcher(table).matches()) {
      closeQuietly(owned);
      throw new IllegalArgumentException("state store table name '" + table + "' must be 1-63"
          + " lower-case letters, digits or underscores, starting with a letter or underscore");
    }
    PostgresStateStore store = new PostgresStateStore(dataSource, owned, table);
    try {
      store.createSchema();
    } catch (RuntimeException e) {
      closeQuietly(owned);
      throw e;
    }
    return store;
  }

  private static void closeQuietly(@Nullable AutoCloseable owned) {
    if (owned == null) {
      return;
    }
    try {
      owned.close();
    } catch (Exception e) {
      // Nothing to do: the caller already gets the failure that made us close it.
    }
  }

  private void createSchema() {
    String ddl = "create table if not exists " + table + " (k text primary key,"
        + " kind char(1) not null, v bytea, n bigint, l bytea[], expires_at timestamptz)";
    String index = "create index if not exists " + table + "_expires_at on " + table
        + " (expires_at) where expires_at is not null";
    try {
      run(c -> {
        try (var s = c.createStatement()) {
          s.execute(ddl);
          s.execute(index);
        }
        return true;
      });
    } catch (DocketException e) {
      // Two processes creating the table at once: one loses a catalog race; the table is there.
      run(c -> {
        try (var s = c.createStatement()) {
          s.execute("select 1 from " + table + " limit 0");
        }
        return true;
      });
    }
  }

  /** The table keys live in. */
  public String table() {
    return table;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return readRow(sql.get(), key, Optional.empty(), rs -> Optional.of(switch (rs.getString(1)) {
      case "v" -> rs.getBytes(2);
      case "n" -> Long.toString(rs.getLong(3)).getBytes(StandardCharsets.US_ASCII);
      default -> throw wrongType(key, "a list", "value");
    }));
  }

  @Override
  public void put(String key, byte[] value, @Nullable Duration ttl) {
    write(sql.put(), key, value, ttl);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    return write(sql.putIfAbsent(), key, value, ttl) == 1;
  }

  private int write(String statement, String key, byte[] value, @Nullable Duration ttl) {
    checkKey(key);
    return update(c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        ps.setString(1, key);
        ps.setBytes(2, value);
        setTtl(ps, 3, ttl);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean compareAndDelete(String key, byte[] expected) {
    return update(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.compareAndDelete())) {
        ps.setString(1, key);
        ps.setBytes(2, expected);
        return ps.executeUpdate();
      }
    }) == 1;
  }

  @Override
  public boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    return update(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.compareAndExpire())) {
        setTtl(ps, 1, ttl);
        ps.setString(2, key);
        ps.setBytes(3, expected);
        return ps.executeUpdate();
      }
    }) == 1;
  }

  @Override
  public long increment(String key, long delta, @Nullable Duration ttl) {
    checkKey(key);
    return update(c -> {
      try {
        return counted(c, sql.increment(), key, (ps, i) -> ps.setLong(i, delta), ttl, "a list",
            "counter");
      } catch (SQLException e) {
        if ("22P02".equals(e.getSQLState())) {
          throw new IllegalStateException("key '" + key + "' holds a value that is not a counter",
              e);
        }
        throw e;
      }
    });
  }

  @Override
  public long append(String key, byte[] value, @Nullable Duration ttl) {
    checkKey(key);
    return update(c -> counted(c, sql.append(), key, (ps, i) -> ps.setBytes(i, value), ttl,
        "a value or counter", "list"));
  }

  @Override
  public List<byte[]> list(String key) {
    return readRow(sql.list(), key, List.of(), rs -> {
      if (!"l".equals(rs.getString(1))) {
        throw wrongType(key, "a value or counter", "list");
      }
      Array array = rs.getArray(2);
      Object[] items = (Object[]) array.getArray();
      List<byte[]> out = new ArrayList<>(items.length);
      for (Object item : items) {
        out.add((byte[]) item);
      }
      array.free();
      return out;
    });
  }

  @Override
  public void delete(String key) {
    update(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.delete())) {
        ps.setString(1, key);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Deletes every key starting with {@code prefix} (an application's namespace, a test's keys);
   * returns how many.
   */
  public int deleteByPrefix(String prefix) {
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("the prefix must not be empty");
    }
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "delete from " + table + " where starts_with(k, ?)")) {
        ps.setString(1, prefix);
        return ps.executeUpdate();
      }
    });
  }

  /** Deletes expired rows now; returns how many. Runs by itself every {@value #SWEEP_EVERY} writes. */
  public int sweep() {
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.sweep())) {
        return ps.executeUpdate();
      }
    });
  }

  /** Closes the store's own pool, if it has one; an application's data source stays open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(owned);
    }
  }

  private <T> T update(SqlWork<T> work) {
    T result = run(work);
    if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
    }
    return result;
  }

  private <T> T run(SqlWork<T> work) {
    if (closed.get()) {
      throw new IllegalStateException("the state store on table " + table + " is closed");
    }
    // One connection per operation, closed at once: a pool (ours or the application's) gets it
    // back after one round trip, and discards it if the statement found it broken.
    try (Connection c = dataSource.getConnection()) {
      if (c.getAutoCommit()) {
        return work.apply(c);
      }
      return inTransaction(c, work);
    } catch (SQLException e) {
      throw new DocketException("state store operation on table " + table + " failed: "
          + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
  }

  /** Reads the row {@code statement} answers for {@code key}, or {@code absent} when none. */
  private <T> T readRow(String statement, String key, T absent, SqlRow<T> row) {
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? row.read(rs) : absent;
        }
      }
    });
  }

  /** An application's connection with auto-commit off: commit the one statement, or roll back. */
  private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    try {
      T result = work.apply(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /**
   * Runs an upsert that answers the key's new count or length; no row back means the key holds
   * {@code holds}, not a {@code wanted}.
   */
  private static long counted(Connection c, String statement, String key, SqlBind value,
      @Nullable Duration ttl, String holds, String wanted) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      ps.setString(1, key);
      value.bind(ps, 2);
      setTtl(ps, 3, ttl);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw wrongType(key, holds, wanted);
        }
        return rs.getLong(1);
      }
    }
  }

  private static void setTtl(PreparedStatement ps, int index, @Nullable Duration ttl)
      throws SQLException {
    if (ttl == null) {
      ps.setNull(index, Types.BIGINT);
      return;
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a TTL must be positive, was " + ttl);
    }
    ps.setLong(index, Math.max(1, ttl.toMillis()));
  }

  private static void checkKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a state store key must not be empty");
    }
  }

  private static IllegalStateException wrongType(String key, String holds, String wanted) {
    return new IllegalStateException("key '" + key + "' holds " + holds + ", not a " + wanted);
  }

  /** One unit of work on a borrowed connection. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Reads one result row. */
  @FunctionalInterface
  private interface SqlRow<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Sets one statement parameter. */
  @FunctionalInterface
  private interface SqlBind {
    void bind(PreparedStatement ps, int index) throws SQLException;
  }
}
