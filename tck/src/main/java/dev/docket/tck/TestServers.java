package dev.docket.tck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the real server a broker's tests talk to, the same way in every module:
 *
 * <ol>
 *   <li>the URI in an environment variable (or the system property of the same name), when set;
 *   <li>else a local default, when something answers on its host and port;
 *   <li>else a container, when the module offers one and a Docker engine is found;
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

  private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);
  private static final int CONNECT_TIMEOUT_MS = 1_000;

  private TestServers() {}

  /**
   * A server's URI, found as the class comment describes, without a container fallback.
   *
   * @param what a name for messages, e.g. {@code "Redis"}
   * @param variable the environment variable (or system property) that overrides the default
   * @param localDefault where the server usually runs on a developer machine or CI host
   */
  public static URI require(String what, String variable, URI localDefault) {
    return require(what, variable, localDefault, Optional::empty);
  }

  /**
   * A server's URI, found as the class comment describes. {@code container} is asked only when
   * {@link #dockerAvailable()} and the local default did not answer; it starts a container and
   * returns its URI (or empty when it cannot).
   */
  public static URI require(
      String what, String variable, URI localDefault, Supplier<Optional<URI>> container) {
    String configured = System.getProperty(variable);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(variable);
    }
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured.trim());
    }
    if (reachable(localDefault)) {
      return localDefault;
    }
    if (dockerAvailable()) {
      Optional<URI> started = container.get();
      if (started.isPresent()) {
        return started.get();
      }
    }
    String message = what + " is not reachable at " + localDefault.getHost() + ":"
        + localDefault.getPort() + ", " + variable + " is not set and no container could be"
        + " started; start " + what + " or set " + variable;
    if (ci()) {
      throw new AssertionError(message + " (CI=true: a missing server fails the build)");
    }
    LOG.warn("SKIPPING: {}", message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** True when the {@code CI} environment variable (or system property) is {@code true}. */
  public static boolean ci() {
    String value = System.getProperty("CI", System.getenv("CI"));
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  /** True when a Docker engine looks reachable: {@code DOCKER_HOST} is set or its socket exists. */
  public static boolean dockerAvailable() {
    String host = System.getenv("DOCKER_HOST");
    if (host != null && !host.isBlank()) {
      return true;
    }
    return Files.exists(Path.of("/var/run/docker.sock"));
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
