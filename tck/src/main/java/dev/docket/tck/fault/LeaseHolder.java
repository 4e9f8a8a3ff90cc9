package dev.docket.tck.fault;

import dev.docket.spi.Broker;
import dev.docket.spi.FetchRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM that leases jobs and then dies by SIGKILL, for a broker's owner-recovery tests:
 * nothing closes or releases its leases, only its heartbeat stops. The child's {@code main}
 * builds its broker and calls {@link #holdLeases}; the test {@linkplain #start starts} it, reads
 * {@link #leased()} and {@linkplain #close() kills} it.
 *
 * @since 0.3
 */
public final class LeaseHolder implements AutoCloseable {

  /** The lease the child takes: far longer than any owner timeout under test. */
  public static final Duration LEASE = Duration.ofSeconds(30);

  private static final Duration FETCH_FOR = Duration.ofSeconds(20);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final BufferedReader out;

  private LeaseHolder(Process process) {
    this.process = process;
    this.out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * In the child: leases up to {@code want} jobs of {@code queue} for {@link #LEASE} (fetching
   * for up to 20 s), prints {@code leased <n>}, then holds them, blocked on stdin, until killed.
   * Never acks.
   */
  public static void holdLeases(Broker broker, String queue, int want)
      throws IOException, InterruptedException {
    int got = 0;
    long end = System.nanoTime() + FETCH_FOR.toNanos();
    while (got < want && System.nanoTime() < end) {
      got += broker.fetch(FetchRequest.of(queue, want - got, LEASE, Duration.ofSeconds(2)))
          .size();
    }
    // Standard output is this child JVM's line protocol to the test that kills it, not a log.
    System.out.println("leased " + got);
    System.out.flush();
    // Holds the leases, beating, until killed: the parent never writes to or closes stdin.
    System.in.transferTo(OutputStream.nullOutputStream());
  }

  /** Starts {@code main} with {@code args} in a small JVM on this JVM's class path. */
  public static LeaseHolder start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new LeaseHolder(new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
  }

  /** How many jobs the child leased: waits for its {@code leased <n>} line. */
  public int leased() throws IOException {
    String line = out.readLine();
    if (line == null || !line.startsWith("leased ")) {
      throw new IllegalStateException("the lease holder said " + line + ", not leased <n>");
    }
    return Integer.parseInt(line.substring("leased ".length()));
  }

  /**
   * Kills the child with SIGKILL and waits until it is gone.
   *
   * @throws IllegalStateException when it is still there after 10 s, or when interrupted
   */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("the lease holder outlived SIGKILL by " + EXIT_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the lease holder died", e);
    }
  }
}
