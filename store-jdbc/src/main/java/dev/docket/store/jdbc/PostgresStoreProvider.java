package dev.docket.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.docket.DocketException;
import dev.docket.InvalidConfigException;
import dev.docket.spi.Redaction;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.UriComponents;
import dev.docket.spi.support.Options;
import dev.docket.spi.support.NamedProvider;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Serves state store URIs {@code postgresql://[user[:password]@]host[:port]/database[?options]}
 * (also {@code postgres://}) on a HikariCP pool. Options: {@code table} (default {@value
 * #DEFAULT_TABLE}), {@code poolSize} (default {@value #DEFAULT_POOL_SIZE}), and, as durations
 * (ISO-8601 or {@code 30s}, {@code 500ms}), {@code borrowTimeout} (default PT30S), {@code maxLifetime} (PT30M), {@code
 * keepaliveTime} (PT2M, PT0S turns it off) and {@code validationTimeout} (PT5S); and the driver's
 * TLS and timeout settings {@code ssl}, {@code sslmode}, {@code sslrootcert}, {@code sslcert},
 * {@code sslkey}, {@code sslpassword}, {@code connectTimeout}, {@code socketTimeout}, {@code
 * applicationName}, {@code currentSchema}. The password never appears in logs or messages. The
 * store keeps time on the database clock, so the client clock is not used.
 *
 * @since 0.1
 */
public final class PostgresStoreProvider extends NamedProvider implements StoreProvider {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "docket_state";

  /** The default number of pooled connections. */
  public static final int DEFAULT_POOL_SIZE = 4;

  private static final Set<String> DRIVER_OPTIONS = Set.of("ssl", "sslmode", "sslrootcert",
      "sslcert", "sslkey", "sslpassword", "connectTimeout", "socketTimeout", "applicationName",
      "currentSchema");

  /** For {@link java.util.ServiceLoader}. */
  public PostgresStoreProvider() {
    super("postgresql", "postgresql", "postgres");
  }

  /** SSL modes the PostgreSQL driver knows; anything else is refused at startup. */
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require",
      "verify-ca", "verify-full");

  /** Hikari refuses lifetimes and keepalives below this; so does the URI parser, with a reason. */
  static final Duration MIN_LIFETIME = Duration.ofSeconds(30);

  /** Hikari's floor for the borrow and validation timeouts. */
  static final Duration MIN_TIMEOUT = Duration.ofMillis(250);

  /** How the pool behaves: the URI's pool options with their defaults. */
  record PoolOptions(int size, Duration borrowTimeout, Duration maxLifetime,
      Duration keepaliveTime, Duration validationTimeout) {
    static final PoolOptions DEFAULTS = new PoolOptions(DEFAULT_POOL_SIZE, Duration.ofSeconds(30),
        Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofSeconds(5));
  }

  /**
   * What {@link #create} connects to: the JDBC URL (no credentials), the driver's connection
   * properties (user, password, TLS), the pool options and a name that is safe to print.
   */
  record Target(String jdbcUrl, Properties properties, String table, PoolOptions pool,
      String poolName, String shown) {
    @Override
    public String toString() {
      // The properties hold the password: never print them.
      return "Target[" + shown + ", table=" + table + ", " + pool + "]";
    }
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    Target t = target(uri);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikariConfig(t));
    } catch (RuntimeException e) {
      // Hikari fails fast when the first connection cannot be opened (bad host, password, TLS).
      throw new DocketException("cannot connect to the state store " + t.shown() + ": "
          + e.getMessage(), e);
    }
    return PostgresStateStore.open(pool, t.table(), pool);
  }

  /**
   * The Hikari configuration for {@code t}. Credentials and driver properties go into a {@link
   * PGSimpleDataSource} that Hikari only calls, so neither Hikari's configuration log nor its
   * JDBC URL ever holds the password; the pool is named after host, database and table.
   */
  static HikariConfig hikariConfig(Target t) {
    PGSimpleDataSource driver = new PGSimpleDataSource();
    driver.setURL(t.jdbcUrl());
    for (String name : t.properties().stringPropertyNames()) {
      try {
        driver.setProperty(name, t.properties().getProperty(name));
      } catch (SQLException e) {
        // Only options from DRIVER_OPTIONS, user and password get here: all known to the driver.
        throw new IllegalStateException("the PostgreSQL driver refused option " + name, e);
      }
    }
    PoolOptions o = t.pool();
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setPoolName(t.poolName());
    // A fixed-size pool, as Hikari recommends: every operation is one short statement.
    config.setMaximumPoolSize(o.size());
    config.setMinimumIdle(o.size());
    config.setConnectionTimeout(o.borrowTimeout().toMillis());
    config.setValidationTimeout(o.validationTimeout().toMillis());
    config.setMaxLifetime(o.maxLifetime().toMillis());
    config.setKeepaliveTime(o.keepaliveTime().toMillis());
    config.setAutoCommit(true);
    // Fail at startup, not at the first job, when the database cannot be reached.
    config.setInitializationFailTimeout(1);
    return config;
  }

  /**
   * Parses and checks {@code uri} without connecting; every problem is collected into one
   * {@link InvalidConfigException} whose message never holds the password.
   */
  static Target target(URI uri) {
    String shown = Redaction.redact(uri);
    List<String> problems = new ArrayList<>();
    if (uri.getHost() == null) {
      problems.add("state store URI " + shown + " names no host; write"
          + " postgresql://user:password@host:5432/database");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty()) {
      problems.add("state store URI " + shown + " names no database (the path)");
    }
    Properties props = new Properties();
    String table = DEFAULT_TABLE;
    int poolSize = DEFAULT_POOL_SIZE;
    Map<String, Duration> durations = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : Options.query(uri, problems).entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      switch (name) {
        case "table" -> table = value;
        case "poolSize" -> {
          try {
            poolSize = Integer.parseInt(value);
            if (poolSize < 1) {
              problems.add("option poolSize=" + value + " must be at least 1");
            }
          } catch (NumberFormatException ex) {
            problems.add("option poolSize='" + value + "' is not a whole number");
          }
        }
        case "borrowTimeout", "maxLifetime", "keepaliveTime", "validationTimeout" -> {
          try {
            durations.put(name, Options.parseDuration(value));
          } catch (IllegalArgumentException ex) {
            problems.add("option " + name + "='" + value + "' " + ex.getMessage());
          }
        }
        case "sslmode" -> {
          if (SSL_MODES.contains(value)) {
            props.setProperty(name, value);
          } else {
            problems.add("option sslmode='" + value + "' is not one of " + SSL_MODES
                + "; use verify-full in production (TLS, certificate and host name checked)");
          }
        }
        default -> {
          if (DRIVER_OPTIONS.contains(name)) {
            props.setProperty(name, value);
          } else {
            problems.add("option '" + name + "' is unknown; known: table, poolSize,"
                + " borrowTimeout, maxLifetime, keepaliveTime, validationTimeout, "
                + String.join(", ", DRIVER_OPTIONS.stream().sorted().toList()));
          }
        }
      }
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      try {
        props.setProperty("user", UriComponents.decode(colon < 0 ? userInfo
            : userInfo.substring(0, colon), "the user name of state store URI " + shown));
        if (colon >= 0) {
          props.setProperty("password", UriComponents.decode(userInfo.substring(colon + 1),
              "the password of state store URI " + shown));
        }
      } catch (IllegalArgumentException ex) {
        problems.add(ex.getMessage());
      }
    }
    PoolOptions d = PoolOptions.DEFAULTS;
    PoolOptions pool = new PoolOptions(poolSize,
        durations.getOrDefault("borrowTimeout", d.borrowTimeout()),
        durations.getOrDefault("maxLifetime", d.maxLifetime()),
        durations.getOrDefault("keepaliveTime", d.keepaliveTime()),
        durations.getOrDefault("validationTimeout", d.validationTimeout()));
    checkPool(pool, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    String jdbcUrl = "jdbc:postgresql://" + hostPort + "/" + database;
    return new Target(jdbcUrl, props, table, pool,
        "docket-store " + table + "@" + hostPort + "/" + database, shown);
  }

  /**
   * Hikari silently replaces out-of-range settings with its defaults (with a log warning); the
   * store refuses them instead, so what the URI says is what runs.
   */
  private static void checkPool(PoolOptions o, List<String> problems) {
    if (o.borrowTimeout().compareTo(MIN_TIMEOUT) < 0) {
      problems.add("option borrowTimeout=" + o.borrowTimeout() + " must be at least PT0.25S");
    }
    if (o.validationTimeout().compareTo(MIN_TIMEOUT) < 0
        || o.validationTimeout().compareTo(o.borrowTimeout()) >= 0) {
      problems.add("option validationTimeout=" + o.validationTimeout() + " must be at least"
          + " PT0.25S and below borrowTimeout (" + o.borrowTimeout() + ")");
    }
    if (o.maxLifetime().compareTo(MIN_LIFETIME) < 0) {
      problems.add("option maxLifetime=" + o.maxLifetime() + " must be at least PT30S");
    }
    if (!o.keepaliveTime().isZero() && (o.keepaliveTime().compareTo(MIN_LIFETIME) < 0
        || o.keepaliveTime().compareTo(o.maxLifetime()) >= 0)) {
      problems.add("option keepaliveTime=" + o.keepaliveTime() + " must be PT0S (off) or at"
          + " least PT30S and below maxLifetime (" + o.maxLifetime() + ")");
    }
  }
}
