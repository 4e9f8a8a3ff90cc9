package dev.docket.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the real server a broker's tests talk to, the same way in every module:
 *
 * <ol>
 *   <li>the URI in an environment variable (or the system property of the same name), when set;
 *   <li>else a local default, when something answers on its host and port;
 *   <li>else a container, when a Docker engine is found: the module's own supplier first, then
 *       every {@link ContainerProvider} on the class path that serves the server (the {@code
 *       docket-tck-containers} test dependency provides Redis, RabbitMQ, PostgreSQL and SQS on
 *       Testcontainers; without it this step is skipped);
 *   <li>else, with {@code CI=true}, the test <b>fails</b> naming the variable to set; outside CI it
 *       is skipped with the same message, so a laptop without the server still builds.
 * </ol>
 *
 * <p>The URI returned may hold credentials; print it only through {@link
 * dev.docket.spi.Redaction}.
 *
 * @since 0.1
 */
public final class TestServers {

  private static final int CONNECT_TIMEOUT_MS = 1_000;

  private TestServers() {}

  /**
   * A server's URI, found as the class comment describes, with the container providers on the
   * class path as the container step.
   *
   * @param what a name for messages and container providers: {@code "Redis"}, {@code
   *     "RabbitMQ"}, {@code "PostgreSQL"}, {@code "SQS"}
   * @param variable the environment variable (or system property) that overrides the default
   * @param localDefault where the server usually runs on a developer machine or CI host
   */
  public static URI require(String what, String variable, URI localDefault) {
    return require(what, variable, localDefault, Optional::empty);
  }

  /**
   * A server's URI, found as the class comment describes. {@code container} is asked first in
   * the container step, only when {@link #dockerAvailable()} and the local default did not
   * answer; it starts a container and returns its URI (or empty to leave it to the providers).
   */
  public static URI require(
      String what, String variable, URI localDefault, Supplier<Optional<URI>> container) {
    return ServerResolution.system().resolve(what, variable, localDefault, container).uri();
  }

  /**
   * The shared RabbitMQ: {@code DOCKET_TEST_AMQP_URI}, else the guest user on 127.0.0.1:5672,
   * found as {@link #require} does. The RabbitMQ twin of {@link SharedRedis#uri()}.
   */
  public static URI rabbitMq() {
    return require("RabbitMQ", "DOCKET_TEST_AMQP_URI",
        URI.create("amqp://guest:guest@127.0.0.1:5672"));
  }

  /** True when the {@code CI} environment variable (or system property) is {@code true}. */
  public static boolean ci() {
    String value = System.getProperty("CI", System.getenv("CI"));
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  /**
   * True when a Docker engine looks reachable: {@code DOCKER_HOST} is set, or a Docker socket
   * exists where Docker Engine, Docker Desktop or rootless Docker put it. Cheap: no connection is
   * made, so the container provider still decides whether the engine really answers.
   */
  public static boolean dockerAvailable() {
    String host = System.getenv("DOCKER_HOST");
    if (host != null && !host.isBlank()) {
      return true;
    }
    List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
        Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock")));
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      sockets.add(Path.of(runtime, "docker.sock"));
    }
    return sockets.stream().anyMatch(Files::exists);
  }

  /** True when a TCP connection to the URI's host and port succeeds within a second. */
  public static boolean reachable(URI uri) {
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    if (uri.getPort() < 0) {
      throw new IllegalArgumentException("test server URI needs an explicit port: " + uri.getScheme()
          + "://" + host);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, uri.getPort()), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
