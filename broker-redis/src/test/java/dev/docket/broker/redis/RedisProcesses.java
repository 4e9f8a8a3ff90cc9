package dev.docket.broker.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The teardown the tests' private {@code redis-server}s share. */
final class RedisProcesses {
  private RedisProcesses() {}

  /**
   * Stops every process (10 s to exit, then forcibly; an interrupt kills them at once and is kept)
   * and deletes {@code dir}, their working directory; a directory left behind is harmless.
   */
  static void stopAndDelete(List<Process> processes, Path dir) {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
