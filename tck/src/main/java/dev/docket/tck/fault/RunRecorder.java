package dev.docket.tck.fault;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends one line per event of a worker process to a file of its own, outside everything a
 * fault touches. Each line goes out in one {@code write(2)} on an append-mode file, so it is in
 * the kernel before the handler goes on: a SIGKILL right after loses nothing recorded. Lines:
 *
 * <pre>
 * READY pid wallMillis
 * S jobId pid wallMillis      (a run started)
 * E jobId pid wallMillis      (a run ended; written before the runtime acknowledges it)
 * </pre>
 *
 * <p>Thread-safe. Wall time, not a monotonic clock, because runs of one job in different
 * processes are compared with each other and with the test's fault times.
 *
 * @since 0.1
 */
public final class RunRecorder implements AutoCloseable {

  private final OutputStream out;
  private final long pid = ProcessHandle.current().pid();

  /** Opens (creating or appending to) {@code file}. */
  public RunRecorder(Path file) {
    try {
      this.out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the run record " + file, e);
    }
  }

  /** Records that this process is ready to run jobs. */
  public void ready() {
    write("READY " + pid + " " + System.currentTimeMillis() + "\n");
  }

  /** Records the start of a run of {@code jobId}. */
  public void start(String jobId) {
    write("S " + jobId + " " + pid + " " + System.currentTimeMillis() + "\n");
  }

  /** Records the end of a run of {@code jobId}. */
  public void end(String jobId) {
    write("E " + jobId + " " + pid + " " + System.currentTimeMillis() + "\n");
  }

  private synchronized void write(String line) {
    try {
      out.write(line.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the run record", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the run record", e);
    }
  }
}
