package dev.docket.broker.redis;

import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away redis-server on a port of this module's private range (6400-6409), for tests that
 * must pause, stop, fill or reconfigure a server: the shared Redis is never touched. Persistence
 * goes to a temporary directory (append-only file when asked), deleted on close.
 */
final class PrivateRedis implements AutoCloseable {

  private final int port;
  private final List<String> args;
  private final Path dir;
  private final String password;
  private Process process;

  private PrivateRedis(int port, String password, List<String> args) throws IOException {
    if (port < 6400 || port > 6409) {
      throw new IllegalArgumentException("private Redis ports are 6400-6409, not " + port);
    }
    this.port = port;
    this.password = password;
    this.args = args;
    this.dir = Files.createTempDirectory("docket-redis-" + port);
  }

  /** Starts redis-server on {@code port} with extra {@code args}; skips without the binary. */
  static PrivateRedis start(int port, String... args) throws IOException {
    return startWithPassword(port, "", args);
  }

  /** Like {@link #start}, with {@code requirepass}. */
  static PrivateRedis startWithPassword(int port, String password, String... args)
      throws IOException {
    if (!onPath()) {
      String message = "redis-server is not on the PATH; this test starts its own server";
      if (TestServers.ci()) {
        throw new AssertionError(message + " (CI=true)");
      }
      Assumptions.abort(message);
    }
    PrivateRedis r = new PrivateRedis(port, password, List.of(args));
    try {
      r.startProcess();
      return r;
    } catch (IOException | RuntimeException | Error e) {
      r.close();
      throw e;
    }
  }

  private void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString()));
    if (!password.isEmpty()) {
      cmd.addAll(List.of("--requirepass", password));
    }
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> !process.isAlive() || TestServers.reachable(uri("")));
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " did not start: "
          + Files.readString(dir.resolve("server.log")));
    }
  }

  /** The server's URI, with {@code password} in it when not empty. */
  URI uri(String pw) {
    return URI.create("redis://" + (pw.isEmpty() ? "" : ":" + pw + "@") + "127.0.0.1:" + port);
  }

  /** The server's URI with its own password. */
  URI uri() {
    return uri(password);
  }

  /** Runs redis-cli against this server; returns its output. */
  String cli(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    if (!password.isEmpty()) {
      cmd.addAll(List.of("--no-auth-warning", "-a", password));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli " + List.of(command) + " hung");
    }
    return out;
  }

  /** Stops the server (SIGTERM: it writes its append-only file) and waits until it is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts it again on the same port and directory. */
  void restart() throws IOException {
    startProcess();
  }

  @Override
  public void close() {
    RedisProcesses.stopAndDelete(process == null ? List.of() : List.of(process), dir);
  }

  private static boolean onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(d, "redis-server"))) {
        return true;
      }
    }
    return false;
  }
}
