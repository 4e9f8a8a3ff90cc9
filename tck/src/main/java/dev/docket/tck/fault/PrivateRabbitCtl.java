package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the test reaches the RabbitMQ command-line tools of this machine, every call bounded in
 * time. On a Debian package install run as root, the scripts in {@code /usr/lib/rabbitmq/bin}
 * (not the {@code /usr/sbin} wrappers, which re-quote arguments through {@code su}), nodes
 * started as the {@code rabbitmq} user, and the CLI given that user's home for its Erlang
 * cookie; otherwise the tools on the PATH as the current user.
 */
final class PrivateRabbitCtl {

  private static final Path DEBIAN_BIN = Path.of("/usr/lib/rabbitmq/bin");
  private static final Path DEBIAN_HOME = Path.of("/var/lib/rabbitmq");

  private final String node;

  PrivateRabbitCtl(String node) {
    this.node = node;
  }

  String node() {
    return node;
  }

  private static boolean debianAsRoot() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(DEBIAN_BIN.resolve("rabbitmq-server"))
        && Files.isDirectory(DEBIAN_HOME);
  }

  private static String tool(String name) {
    return Files.isExecutable(DEBIAN_BIN.resolve(name)) ? DEBIAN_BIN.resolve(name).toString()
        : name;
  }

  /** {@code rabbitmqctl -n node args}; its output, or an exception quoting it. */
  String run(Duration bound, String... args) {
    String home = debianAsRoot() ? DEBIAN_HOME.toString() : System.getProperty("user.home");
    List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, tool("rabbitmqctl"), "-n",
        node));
    cmd.addAll(List.of(args));
    return exec(cmd, bound);
  }

  /** Starts {@code rabbitmq-server -detached} with {@code env} (NAME=value pairs). */
  static void startDetached(Path dir, String env) {
    String start = "cd /tmp && exec env " + env + " " + tool("rabbitmq-server") + " -detached >> "
        + dir.resolve("start.log") + " 2>&1";
    if (debianAsRoot()) {
      exec(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), Duration.ofSeconds(30));
      exec(List.of("su", "rabbitmq", "-s", "/bin/sh", "-c", start), Duration.ofSeconds(60));
    } else {
      exec(List.of("/bin/sh", "-c", start), Duration.ofSeconds(60));
    }
  }

  /** {@code kill -<signal> pid}; a process already gone is not an error. */
  static void signal(String signal, long pid) {
    if (pid <= 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
      return;
    }
    try {
      exec(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(10));
    } catch (IllegalStateException e) {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        throw e;
      }
    }
  }

  /** Sleeps for a fault's own duration (a downtime, a stall), never to wait for a state. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String exec(List<String> cmd, Duration bound) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0), e);
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
    try {
      if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish within "
            + bound.toSeconds() + " s");
      }
      String text = out.get(5, TimeUnit.SECONDS);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue()
            + ": " + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // The output pipe stays open when the command left a daemon holding it: not an error.
      return "";
    }
  }
}
