package dev.docket.tck.containers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One kind of test server as a container: its image (overridable with the system property
 * {@code docket.containers.<key>.image}), port, settings, readiness check, and the URI the tests
 * get, shaped like the local default they asked for.
 *
 * @param key the lower-case name a {@code TestServers.require} caller's {@code what} matches
 * @param defaultImage the image used unless overridden
 * @param port the server's port inside the container
 * @param env the container's environment (credentials the URI then carries)
 */
public record ServerImage(String key, String defaultImage, int port, Map<String, String> env) {

  /** Password of the PostgreSQL and RabbitMQ containers: throwaway servers on loopback ports. */
  static final String PASSWORD = "docket";

  /** Every server the provider can start. */
  public static final List<ServerImage> ALL = List.of(
      new ServerImage("redis", "redis:7.4-alpine", 6379, Map.of()),
      // guest/guest only logs in from localhost, which a published port is not: own user.
      new ServerImage("rabbitmq", "rabbitmq:4.1-alpine", 5672,
          Map.of("RABBITMQ_DEFAULT_USER", "docket", "RABBITMQ_DEFAULT_PASS", PASSWORD)),
      new ServerImage("postgresql", "postgres:15-alpine", 5432,
          Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", "test")),
      new ServerImage("sqs", "localstack/localstack:4.4", 4566, Map.of("SERVICES", "sqs")));

  /** The server {@code what} names ({@code "Redis"}, {@code "RabbitMQ"}, …), if any. */
  public static Optional<ServerImage> find(String what) {
    String key = what.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The image to run: the system property's, else the default. */
  public String image() {
    String configured = System.getProperty("docket.containers." + key + ".image");
    return configured == null || configured.isBlank() ? defaultImage : configured.trim();
  }

  /** A container for this server, not yet started. */
  public GenericContainer<?> container() {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image()))
        .withExposedPorts(port).waitingFor(ready().withStartupTimeout(Duration.ofMinutes(3)));
    env.forEach(c::withEnv);
    return c;
  }

  private WaitStrategy ready() {
    return switch (key) {
      // The official image's entrypoint starts the server twice (init, then for real).
      case "postgresql" -> Wait.forLogMessage(".*database system is ready to accept connections.*",
          2);
      case "rabbitmq" -> Wait.forLogMessage(".*Server startup complete.*", 1);
      case "sqs" -> Wait.forHttp("/_localstack/health").forPort(port).forStatusCode(200);
      default -> Wait.forListeningPort();
    };
  }

  /**
   * The URI for the container at {@code host:mappedPort}: {@code localDefault}'s scheme, path
   * and query, with the container's credentials where the server needs them.
   */
  public URI uri(URI localDefault, String host, int mappedPort) {
    String userInfo = switch (key) {
      case "rabbitmq" -> "docket:" + PASSWORD;
      case "postgresql" -> "postgres:" + PASSWORD;
      default -> null;
    };
    String scheme = key.equals("sqs") ? "http" : localDefault.getScheme();
    String path = key.equals("sqs") ? null : localDefault.getRawPath();
    String query = key.equals("sqs") ? null : localDefault.getRawQuery();
    StringBuilder s = new StringBuilder(scheme).append("://");
    if (userInfo != null) {
      s.append(userInfo).append('@');
    }
    s.append(host).append(':').append(mappedPort);
    if (path != null) {
      s.append(path);
    }
    if (query != null) {
      s.append('?').append(query);
    }
    try {
      return new URI(s.toString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build a test server URI from " + localDefault, e);
    }
  }
}
