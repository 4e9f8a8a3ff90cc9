package dev.docket.store.jdbc;

import dev.docket.tck.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server this test owns (never the shared one on 5432): {@code initdb} into
 * a temp dir, {@code pg_ctl start} on a free port in 5440–5449 with its socket in that dir. As
 * root (initdb refuses root) the dir belongs to the {@code postgres} user and every command runs
 * through {@code runuser -u postgres}. Missing binaries skip the test, even with {@code CI=true};
 * binaries that are there but cannot start a server skip it, or fail it with {@code CI=true}.
 */
final class PrivatePostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrivatePostgres.class);
  private static final int FIRST_PORT = 5440;
  private static final int LAST_PORT = 5449;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Starts a fresh server; skips (or, with CI=true and binaries present, fails) when it can't. */
  static PrivatePostgres start() {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      String message = "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin"
          + " or DOCKET_PG_BIN: cannot start a private PostgreSQL (apt-get install postgresql)";
      LOG.warn("SKIPPING: {}", message);
      Assumptions.abort(message);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = tempDir();
    PrivatePostgres server = new PrivatePostgres(bin.orElseThrow(), dir,
        freePort(), root);
    try {
      if (root) {
        run(List.of("chown", "postgres:postgres", dir.toString()));
      }
      server.pg(List.of("initdb", "-D", server.data().toString(), "-U", "postgres", "-A", "trust",
          "--no-sync", "-E", "UTF8"));
      server.pg(List.of("pg_ctl", "-D", server.data().toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", server.serverOptions(),
          "start"));
      return server;
    } catch (RuntimeException e) {
      server.close();
      String message = "the PostgreSQL binaries in " + bin.orElseThrow() + " could not start a"
          + " private server: " + e.getMessage();
      if (TestServers.ci()) {
        throw new AssertionError(message + " (CI=true: binaries present, so this fails)", e);
      }
      LOG.warn("SKIPPING: {}", message);
      Assumptions.abort(message);
      throw e;
    }
  }

  /** {@code postgresql://postgres@127.0.0.1:port/postgres} (trust authentication). */
  URI uri() {
    return URI.create("postgresql://postgres@127.0.0.1:" + port + "/postgres");
  }

  int port() {
    return port;
  }

  /** {@code pg_ctl restart -m fast}: running sessions are terminated, as in a real restart. */
  void restart() {
    pg(List.of("pg_ctl", "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-m", "fast", "-o", serverOptions(), "restart"));
  }

  @Override
  public void close() {
    if (Files.exists(data().resolve("postmaster.pid"))) {
      try {
        pg(List.of("pg_ctl", "-D", data().toString(), "-w", "-m", "immediate", "stop"));
      } catch (RuntimeException e) {
        LOG.warn("cannot stop the private PostgreSQL on port {}: {}", port, e.getMessage());
      }
    }
    deleteTree(dir);
  }

  private Path data() {
    return dir.resolve("data");
  }

  private String serverOptions() {
    // Loopback only, socket in our dir (not /var/run/postgresql), no fsync: a throwaway server.
    return "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
        + " -c max_connections=40";
  }

  private void pg(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.add(bin.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    run(full);
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      // pg_ctl -l hands the server's output to the log file, so this stream closes at once.
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in "
            + COMMAND_TIMEOUT);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited "
            + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  private static Optional<Path> binaries() {
    String configured = System.getenv("DOCKET_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(PrivatePostgres::hasTools);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      // Prefer 15 (what CI installs), else the newest.
      return versions.map(v -> v.resolve("bin")).filter(PrivatePostgres::hasTools)
          .max(Comparator.comparing((Path p) -> p.getParent().getFileName().toString()
              .equals("15")).thenComparing(p -> p.getParent().getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean hasTools(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
  }

  private static int freePort() {
    for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException busy) {
        // Taken; try the next.
      }
    }
    throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + LAST_PORT
        + ": stop private PostgreSQL servers left over from an earlier run");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("docket-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
