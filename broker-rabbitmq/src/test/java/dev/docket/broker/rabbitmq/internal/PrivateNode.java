package dev.docket.broker.rabbitmq.internal;

import dev.docket.tck.TestServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A private RabbitMQ node for tests that restart a node (never the shared one): node {@code
 * docket-fixrabbit@localhost} on AMQP port 5681, distribution port 25681, data and logs in a
 * temporary directory, no plugins, and the at-least-once dead-letter retry lowered to 1 s (3 min
 * by default) so an unroutable hop is retried within a test. Started as the {@code rabbitmq}
 * user (whose Erlang cookie {@code rabbitmqctl} uses); stopped and deleted by {@link #close}.
 */
final class PrivateNode implements AutoCloseable {
  static final String NODE = "docket-fixrabbit@localhost";
  static final int PORT = 5681;

  private final Path dir;

  private PrivateNode(Path dir) {
    this.dir = dir;
  }

  URI uri() {
    return URI.create("amqp://guest:guest@127.0.0.1:" + PORT + "/%2F");
  }

  static PrivateNode start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "docket-fixrabbit-");
      Files.writeString(dir.resolve("rabbitmq.conf"),
          "listeners.tcp.local = 127.0.0.1:" + PORT + "\nloopback_users = none\n");
      Files.writeString(dir.resolve("advanced.config"), "[{rabbit, ["
          + "{dead_letter_worker_publisher_confirm_timeout, 1000},"
          + "{dead_letter_worker_publisher_confirm_timeout_ms, 1000}]}].\n");
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
      run(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), 30);
      String env = "RABBITMQ_NODENAME=" + NODE + " RABBITMQ_NODE_PORT=" + PORT
          + " RABBITMQ_DIST_PORT=25681 RABBITMQ_CONFIG_FILE=" + dir.resolve("rabbitmq.conf")
          + " RABBITMQ_ADVANCED_CONFIG_FILE=" + dir.resolve("advanced.config")
          + " RABBITMQ_MNESIA_BASE=" + dir.resolve("mnesia")
          + " RABBITMQ_LOG_BASE=" + dir.resolve("log")
          + " RABBITMQ_ENABLED_PLUGINS_FILE=" + dir.resolve("enabled_plugins");
      run(List.of("su", "rabbitmq", "-s", "/bin/sh", "-c",
          "cd /tmp && env " + env + " /usr/lib/rabbitmq/bin/rabbitmq-server -detached"), 60);
      PrivateNode node = new PrivateNode(dir);
      node.awaitStartup();
      return node;
    } catch (IOException e) {
      String message = "this test starts a private RabbitMQ node (rabbitmq-server as the"
          + " rabbitmq user, port " + PORT + "): " + e.getMessage();
      if (TestServers.ci()) {
        throw new AssertionError(message, e);
      }
      Assumptions.abort(message);
      throw new AssertionError("unreachable");
    }
  }

  /** Waits until the node answers (it registers with epmd a moment after the start). */
  private void awaitStartup() throws IOException {
    // A starting node refuses rabbitmqctl for a moment: poll once a second, 90 s at most.
    try {
      Awaitility.await("the private RabbitMQ node to start").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> {
            ctl("await_startup", "--timeout", "90");
            return true;
          });
    } catch (ConditionTimeoutException e) {
      close();
      throw new IOException("the private RabbitMQ node did not start within 90 s", e);
    }
  }

  /** Runs {@code rabbitmqctl -n NODE args}. */
  String ctl(String... args) throws IOException {
    // The CLI itself, not the /usr/sbin wrapper (which re-quotes arguments through su and
    // breaks JSON), with the rabbitmq user's home for its Erlang cookie.
    List<String> cmd = new ArrayList<>(List.of("env", "HOME=/var/lib/rabbitmq",
        "/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", NODE));
    cmd.addAll(List.of(args));
    return run(cmd, 120);
  }

  /** Stops and starts the RabbitMQ application on the node: every queue restarts. */
  void restartApp() throws IOException {
    ctl("stop_app");
    ctl("start_app");
    awaitStartup();
  }

  private static String run(List<String> cmd, int seconds) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      ctl("stop");
    } catch (IOException e) {
      // Not running (or already gone).
    }
    try {
      run(List.of("rm", "-rf", dir.toString()), 30);
    } catch (IOException e) {
      // Left in /tmp.
    }
  }
}
