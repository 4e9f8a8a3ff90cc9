package dev.docket.bench.curves;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Redis server's own figures ({@code INFO}): CPU seconds, commands run (including those inside
 * scripts), {@code used_memory}; and the cleanup of a run's keys. Point it at a Redis nobody else
 * uses, or the deltas include their traffic.
 */
final class RedisInfo implements AutoCloseable {

  /** Counters at one instant. */
  record Snapshot(long nanos, double cpuSeconds, long commands, long usedMemory) {

    /** Redis CPU microseconds per job between {@code this} and {@code later}. */
    double cpuMicrosPerJob(Snapshot later, long jobs) {
      return (later.cpuSeconds - cpuSeconds) * 1e6 / jobs;
    }

    /** Redis commands per job between {@code this} and {@code later}. */
    double commandsPerJob(Snapshot later, long jobs) {
      return (later.commands - commands) / (double) jobs;
    }

    /** Share of one core Redis used between {@code this} and {@code later}, in percent. */
    double cpuPercent(Snapshot later) {
      return (later.cpuSeconds - cpuSeconds) * 1e11 / (later.nanos - nanos);
    }
  }

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RedisInfo(String uri) {
    String plain = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    this.client = RedisClient.create(plain);
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  Snapshot snapshot() {
    double cpu = 0;
    for (String line : redis.info("cpu").split("\r?\n", -1)) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    long commands = 0;
    for (String line : redis.info("commandstats").split("\r?\n", -1)) {
      if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
        int at = line.indexOf("calls=") + "calls=".length();
        commands += Long.parseLong(line.substring(at, line.indexOf(',', at)));
      }
    }
    return new Snapshot(System.nanoTime(), cpu, commands, usedMemory());
  }

  long usedMemory() {
    for (String line : redis.info("memory").split("\r?\n", -1)) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory");
  }

  /** Deletes every key whose name contains {@code marker}; returns how many. */
  long unlinkContaining(String marker) {
    long[] n = {0};
    scanEach(marker, keys -> n[0] += redis.unlink(keys.toArray(String[]::new)));
    return n[0];
  }

  /** Keys whose name contains {@code marker}. */
  long countContaining(String marker) {
    long[] n = {0};
    scanEach(marker, keys -> n[0] += keys.size());
    return n[0];
  }

  /** Hands {@code page} each non-empty SCAN page of the keys whose name contains {@code marker}. */
  private void scanEach(String marker, Consumer<List<String>> page) {
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> next = redis.scan(cursor,
          ScanArgs.Builder.matches("*" + marker + "*").limit(1000));
      if (!next.getKeys().isEmpty()) {
        page.accept(next.getKeys());
      }
      cursor = next;
    } while (!cursor.isFinished());
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
