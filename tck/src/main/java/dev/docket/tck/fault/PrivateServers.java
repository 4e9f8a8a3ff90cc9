package dev.docket.tck.fault;

import dev.docket.tck.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the private-server helpers share: free ports in a range, binaries, temp dirs. */
final class PrivateServers {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateServers.class);

  private PrivateServers() {}

  /** The first port in [from, to] nobody listens on; ports in use by this JVM are skipped. */
  static synchronized int freePort(int from, int to, java.util.Set<Integer> taken) {
    for (int port = from; port <= to; port++) {
      if (taken.contains(port)) {
        continue;
      }
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        taken.add(port);
        return port;
      } catch (IOException busy) {
        // Someone else's; try the next.
      }
    }
    throw new IllegalStateException("no free port in " + from + "-" + to
        + ": stop the private servers left over from an earlier run");
  }

  /**
   * Aborts the scenario (or fails it with {@code CI=true}) when {@code binary} is not on the
   * PATH: a private server is a server the machine lacks, never a pass.
   */
  static void requireBinary(String binary, String what) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return;
      }
    }
    String message = binary + " is not on the PATH: the fault kit cannot start a private " + what
        + "; install it (e.g. apt-get install " + (binary.startsWith("rabbit") ? "rabbitmq-server"
        : "redis-server") + ")";
    if (TestServers.ci()) {
      throw new AssertionError(message + " (CI=true: a missing server fails the build)");
    }
    LOG.warn("SKIPPING: {}", message);
    Assumptions.abort(message);
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
