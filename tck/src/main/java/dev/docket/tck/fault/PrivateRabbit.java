package dev.docket.tck.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A RabbitMQ node of the test's own: node {@code docket-fault-<port>@localhost} on an AMQP port
 * in 5690–5699 (bound to 127.0.0.1), its Erlang distribution on that port + 20000, data, logs
 * and PID file in a temp dir, no plugins (so no management listener clashes with the shared
 * node's). Started with {@code rabbitmq-server -detached}, as the {@code rabbitmq} user when the
 * test runs as root (a Debian package install), so it shares that user's Erlang cookie with
 * {@code rabbitmqctl}. Never touches the shared node.
 *
 * <p>{@link #restart} is {@code rabbitmqctl stop_app}, the downtime, {@code start_app}: every
 * connection is closed and every queue is stopped and recovered from disk, as in an operator's
 * restart, without the Erlang VM's own start-up. {@link #stall} freezes the node's OS process
 * with SIGSTOP. Needs {@code rabbitmq-server} on the PATH; without it the scenario is skipped
 * (fails with {@code CI=true}).
 *
 * @since 0.1
 */
public final class PrivateRabbit implements FaultServer {

  /** First AMQP port of the range the fault kit's private RabbitMQ nodes use. */
  public static final int FIRST_PORT = 5690;

  /** Last AMQP port of that range. */
  public static final int LAST_PORT = 5699;

  /** The distribution port is the AMQP port plus this (25690–25699, clear of the shared 25672). */
  public static final int DIST_OFFSET = 20_000;

  private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();
  private static final Duration START_BOUND = Duration.ofSeconds(90);

  private final int port;
  private final Path dir;
  private final PrivateRabbitCtl ctl;
  private volatile long pid = -1;
  private volatile boolean stopped;

  private PrivateRabbit(int port, Path dir) {
    this.port = port;
    this.dir = dir;
    this.ctl = new PrivateRabbitCtl(nodeName(port));
  }

  /** Starts a private node and returns once it accepts AMQP connections. */
  public static PrivateRabbit start() {
    PrivateServers.requireBinary("rabbitmq-server", "RabbitMQ node");
    int port = freePorts();
    PrivateRabbit node = new PrivateRabbit(port, PrivateServers.tempDir("docket-fault-rabbit-"));
    try {
      node.launch();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** An AMQP port in range whose distribution port is free too. */
  private static int freePorts() {
    while (true) {
      int port = PrivateServers.freePort(FIRST_PORT, LAST_PORT, TAKEN);
      try (ServerSocket probe = new ServerSocket(port + DIST_OFFSET, 1,
          InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException busy) {
        // A node left over from an earlier run (stopped app, live VM) holds it: skip the pair.
      }
    }
  }

  static String nodeName(int port) {
    return "docket-fault-" + port + "@localhost";
  }

  private void launch() {
    try {
      Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port
          + "\nloopback_users = none\n");
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String env = "RABBITMQ_NODENAME=" + node() + " RABBITMQ_NODE_PORT=" + port
        + " RABBITMQ_DIST_PORT=" + (port + DIST_OFFSET)
        + " RABBITMQ_CONFIG_FILE=" + dir.resolve("rabbitmq.conf")
        + " RABBITMQ_MNESIA_BASE=" + dir.resolve("mnesia")
        + " RABBITMQ_LOG_BASE=" + dir.resolve("log")
        + " RABBITMQ_PID_FILE=" + dir.resolve("pid")
        + " RABBITMQ_ENABLED_PLUGINS_FILE=" + dir.resolve("enabled_plugins");
    PrivateRabbitCtl.startDetached(dir, env);
    pid = awaitPidFile();
    awaitServing();
  }

  private long awaitPidFile() {
    Path file = dir.resolve("pid");
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String text = Files.exists(file) ? Files.readString(file).trim() : "";
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      } catch (IOException | NumberFormatException notYet) {
        // Being written.
      }
      PrivateRabbitCtl.pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException("private RabbitMQ node " + node() + " wrote no PID file within "
        + START_BOUND.toSeconds() + " s; see " + dir.resolve("log"));
  }

  /** Waits until the node has booted ({@code await_startup}) and its AMQP port accepts. */
  void awaitServing() {
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        // A node not yet registered with epmd refuses at once; a booting one makes this wait.
        ctl.run(Duration.ofSeconds(60), "await_startup", "--timeout", "60");
        try (Socket s = new Socket()) {
          s.connect(address(), 2_000);
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        last = notYet instanceof RuntimeException r ? r : new UncheckedIOException(
            (IOException) notYet);
      }
      if (!alive()) {
        break;
      }
      PrivateRabbitCtl.pause(Duration.ofMillis(500));
    }
    throw new IllegalStateException("private RabbitMQ node " + node() + " on port " + port
        + " did not start within " + START_BOUND.toSeconds() + " s; see " + dir.resolve("log"),
        last);
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** The AMQP port. */
  public int port() {
    return port;
  }

  /** The Erlang node name, {@code docket-fault-<port>@localhost}. */
  public String node() {
    return ctl.node();
  }

  /** The node's OS process id (the {@code beam.smp} VM). */
  public long pid() {
    return pid;
  }

  /** Whether the node's VM process is running. */
  public boolean alive() {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** {@code rabbitmqctl -n <node> args}, bounded by {@code bound}; its output. */
  public String ctl(Duration bound, String... args) {
    return ctl.run(bound, args);
  }

  /** {@code stop_app}, {@code downtime}, {@code start_app}, then waits until it serves again. */
  @Override
  public void restart(Duration downtime) {
    ctl.run(Duration.ofSeconds(60), "stop_app");
    PrivateRabbitCtl.pause(downtime);
    ctl.run(Duration.ofSeconds(90), "start_app");
    awaitServing();
  }

  /** SIGSTOP of the node's VM for {@code duration}, then SIGCONT: connections stay open. */
  @Override
  public void stall(Duration duration) {
    PrivateRabbitCtl.signal("STOP", pid);
    try {
      PrivateRabbitCtl.pause(duration);
    } finally {
      PrivateRabbitCtl.signal("CONT", pid);
    }
  }

  /** SIGKILL of the node's VM, as a crash: no shutdown, the data stays as it was on disk. */
  public void kill() {
    stopped = true;
    PrivateRabbitCtl.signal("KILL", pid);
  }

  /** Stops the node ({@code rabbitmqctl stop}, SIGKILL if that fails) and deletes its dir. */
  @Override
  public void close() {
    try {
      if (alive()) {
        PrivateRabbitCtl.signal("CONT", pid);
        if (!stopped) {
          try {
            ctl.run(Duration.ofSeconds(30), "stop");
          } catch (RuntimeException e) {
            // Not answering: killed below.
          }
        }
        if (alive()) {
          PrivateRabbitCtl.signal("KILL", pid);
        }
      }
    } finally {
      stopped = true;
      TAKEN.remove(port);
      PrivateServers.deleteTree(dir);
    }
  }

  @Override
  public String toString() {
    return "PrivateRabbit[" + node() + ", 127.0.0.1:" + port + "]";
  }
}
