package dev.docket.broker.redis;

import static org.awaitility.Awaitility.await;

import dev.docket.tck.TestServers;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away Redis Cluster of three masters on free loopback ports, in a temporary directory,
 * started from the {@code redis-server} and {@code redis-cli} binaries on the PATH. Without them
 * the test is skipped with the reason, or fails under {@code CI=true}.
 */
final class LocalRedisCluster implements AutoCloseable {

  private final Path dir;
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private LocalRedisCluster(Path dir) {
    this.dir = dir;
  }

  static LocalRedisCluster start() throws IOException, InterruptedException {
    if (!onPath("redis-server") || !onPath("redis-cli")) {
      String message = "redis-server and redis-cli are not on the PATH; the Redis Cluster test"
          + " starts its own three-node cluster from them";
      if (TestServers.ci()) {
        throw new AssertionError(message + " (CI=true: a missing server fails the build)");
      }
      Assumptions.abort(message);
    }
    LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("docket-cluster"));
    try {
      cluster.startNodes();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private void startNodes() throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      int port = freePort();
      ports.add(port);
      nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "5000",
          "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + port + ".log").toFile())
          .start());
    }
    for (int port : ports) {
      await().atMost(Duration.ofSeconds(10)).until(() -> TestServers.reachable(uri(port)));
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.add("--cluster-yes");
    Process p = new ProcessBuilder(create).redirectErrorStream(true)
        .redirectOutput(dir.resolve("create.log").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("redis-cli --cluster create failed: "
          + Files.readString(dir.resolve("create.log")));
    }
    for (int port : ports) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> clusterStateOk(port));
    }
  }

  private boolean clusterStateOk(int port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.contains("cluster_state:ok");
  }

  /** A seed URI of the cluster. */
  URI seed() {
    return uri(ports.get(0));
  }

  private static URI uri(int port) {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /** A free port whose cluster-bus port (+10000) is free too. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        port = s.getLocalPort();
      }
      if (port + 10000 > 65535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket()) {
        bus.bind(new InetSocketAddress("127.0.0.1", port + 10000));
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IOException("no free port pair for a cluster node");
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(d, binary))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    RedisProcesses.stopAndDelete(nodes, dir);
  }
}
