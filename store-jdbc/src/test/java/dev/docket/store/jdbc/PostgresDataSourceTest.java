package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 14.4: a {@link DataSource} the application passes in is used as it is: one connection
 * per operation, closed when its statement is done, never held, wrapped or closed by the store.
 */
class PostgresDataSourceTest {

  private static final String TABLE = "docket_state_ds";

  @Test
  void eachOperationTakesOneConnectionAndGivesItBack() {
    CountingDataSource counting = new CountingDataSource(driver());
    try (PostgresStateStore store = PostgresStateStore.open(counting, TABLE)) {
      String key = "ds:" + System.nanoTime();
      int before = counting.opened.get();
      store.put(key, bytes("v"), Duration.ofMinutes(1));
      assertThat(store.get(key)).isPresent();
      store.increment(key + ":n", 2, Duration.ofMinutes(1));
      store.append(key + ":l", bytes("a"), Duration.ofMinutes(1));
      assertThat(store.list(key + ":l")).hasSize(1);
      store.delete(key);
      store.deleteByPrefix(key);
      assertThat(counting.opened.get() - before).as("one connection per operation").isEqualTo(7);
      assertThat(counting.open.get()).as("connections still held by the store").isZero();
      assertThat(counting.maxOpen.get()).as("connections held at once").isEqualTo(1);
    }
    assertThat(counting.open.get()).isZero();
  }

  @Test
  void applicationPoolIsUsedAsItIsAndStaysOpen() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver());
    config.setMaximumPoolSize(2);
    config.setPoolName("application pool");
    try (HikariDataSource app = new HikariDataSource(config)) {
      String key = "ds-app:" + System.nanoTime();
      try (PostgresStateStore store = PostgresStateStore.open(app, TABLE)) {
        store.put(key, bytes("kept"), Duration.ofMinutes(1));
        assertThat(app.getHikariPoolMXBean().getActiveConnections())
            .as("connections the store holds between operations").isZero();
      }
      assertThat(app.isClosed()).as("closing the store closes the application's pool").isFalse();
      assertThat(read(app, key)).isEqualTo("kept");
      assertThatThrownBy(() -> {
        PostgresStateStore closed = PostgresStateStore.open(app, TABLE);
        closed.close();
        closed.get(key);
      }).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @Test
  void manualCommitConnectionsHaveTheirStatementCommitted() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver());
    config.setMaximumPoolSize(2);
    config.setAutoCommit(false);
    config.setPoolName("application pool, manual commit");
    try (HikariDataSource app = new HikariDataSource(config);
        PostgresStateStore store = PostgresStateStore.open(app, TABLE)) {
      String key = "ds-tx:" + System.nanoTime();
      store.put(key, bytes("committed"), Duration.ofMinutes(1));
      assertThat(store.increment(key + ":n", 5, Duration.ofMinutes(1))).isEqualTo(5);
      // Seen from a separate autocommit connection, so only committed rows count.
      assertThat(read(driver(), key)).isEqualTo("committed");
      store.deleteByPrefix(key);
    }
  }

  private static String read(DataSource source, String key) {
    try (Connection c = source.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select convert_from(v, 'UTF8') from " + TABLE
            + " where k = '" + key.replace("'", "''") + "'")) {
      return rs.next() ? rs.getString(1) : "<absent>";
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PGSimpleDataSource driver() {
    PostgresStoreProvider.Target t = PostgresStoreProvider.target(
        URI.create(PostgresStoreProviderTest.serverUri().toString()));
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(t.jdbcUrl());
    ds.setUser(t.properties().getProperty("user"));
    if (t.properties().getProperty("password") != null) {
      ds.setPassword(t.properties().getProperty("password"));
    }
    return ds;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Counts connections handed out and closed; hands out the driver's own connections. */
  private static final class CountingDataSource implements DataSource {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    private final DataSource target;

    CountingDataSource(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return track(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return track(target.getConnection(user, password));
    }

    private Connection track(Connection real) {
      opened.incrementAndGet();
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      AtomicInteger closes = new AtomicInteger();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
              open.decrementAndGet();
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return target.isWrapperFor(iface);
    }
  }
}
