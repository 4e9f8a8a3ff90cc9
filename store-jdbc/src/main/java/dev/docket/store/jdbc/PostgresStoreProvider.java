package dev.docket.store.jdbc;

import dev.docket.InvalidConfigException;
import dev.docket.spi.Redaction;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.UriComponents;
import dev.docket.store.jdbc.internal.ConnectionPool;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Serves state store URIs {@code postgresql://[user[:password]@]host[:port]/database[?options]}
 * (also {@code postgres://}). Options: {@code table} (default {@value #DEFAULT_TABLE}), {@code
 * poolSize} (default {@value #DEFAULT_POOL_SIZE}), {@code borrowTimeout} (ISO-8601, default
 * PT30S), and the driver's TLS and timeout settings {@code ssl}, {@code sslmode}, {@code
 * sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword}, {@code connectTimeout},
 * {@code socketTimeout}, {@code applicationName}, {@code currentSchema}. The password never
 * appears in logs or messages. The store keeps time on the database clock, so the client clock
 * is not used.
 *
 * @since 0.1
 */
public final class PostgresStoreProvider implements StoreProvider {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "docket_state";

  /** The default number of pooled connections. */
  public static final int DEFAULT_POOL_SIZE = 4;

  private static final Set<String> DRIVER_OPTIONS = Set.of("ssl", "sslmode", "sslrootcert",
      "sslcert", "sslkey", "sslpassword", "connectTimeout", "socketTimeout", "applicationName",
      "currentSchema");

  /** For {@link java.util.ServiceLoader}. */
  public PostgresStoreProvider() {}

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "postgres");
  }

  /** SSL modes the PostgreSQL driver knows; anything else is refused at startup. */
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require",
      "verify-ca", "verify-full");

  /** What {@link #create} connects to: the JDBC URL and the driver's connection properties. */
  record Target(String jdbcUrl, Properties properties, String table, int poolSize,
      Duration borrowTimeout, String shown) {
    @Override
    public String toString() {
      // The properties hold the password: never print them.
      return "Target[" + shown + ", table=" + table + ", poolSize=" + poolSize + "]";
    }
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    Target t = target(uri);
    ConnectionPool pool = new ConnectionPool(
        () -> DriverManager.getConnection(t.jdbcUrl(), t.properties()), t.poolSize(),
        t.borrowTimeout(), t.shown());
    return PostgresStateStore.open(pool, t.table());
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
    Duration borrowTimeout = Duration.ofSeconds(30);
    for (Map.Entry<String, String> e : query(uri, problems).entrySet()) {
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
        case "borrowTimeout" -> {
          try {
            borrowTimeout = Duration.parse(value);
          } catch (DateTimeParseException ex) {
            problems.add("option borrowTimeout='" + value + "' is not an ISO-8601 duration"
                + " such as PT30S");
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
                + " borrowTimeout, " + String.join(", ", DRIVER_OPTIONS.stream().sorted().toList()));
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
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? ""
        : ":" + uri.getPort()) + "/" + database;
    return new Target(jdbcUrl, props, table, poolSize, borrowTimeout, shown);
  }

  private static Map<String, String> query(URI uri, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      try {
        out.put(UriComponents.decode(rawName, "a query option name"),
            eq < 0 ? "" : UriComponents.decode(pair.substring(eq + 1),
                "the value of query option '" + rawName + "'"));
      } catch (IllegalArgumentException ex) {
        problems.add(ex.getMessage());
      }
    }
    return out;
  }
}
