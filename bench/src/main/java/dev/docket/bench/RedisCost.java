package dev.docket.bench;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Redis-side cost of the Redis broker, read from the server itself: commands (including those run
 * inside Lua scripts) and CPU per job from {@code INFO commandstats} / {@code INFO cpu} deltas,
 * and bytes of {@code used_memory} per queued job. Point it at a Redis nobody else uses, or the
 * deltas include their traffic.
 */
final class RedisCost implements AutoCloseable {

  /** Counters at one instant. */
  record Snapshot(Map<String, Long> calls, double cpuSeconds) {
    long total() {
      return calls.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Per-job cost of one run. */
  record Cost(int jobs, double commandsPerJob, double cpuMicrosPerJob, Map<String, Double> perJob) {}

  private final String uri;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  RedisCost(String uri) {
    this.uri = uri;
    URI u = URI.create(uri);
    RedisURI.Builder b = RedisURI.builder().withHost(u.getHost())
        .withPort(u.getPort() < 0 ? 6379 : u.getPort()).withSsl(u.getScheme().equals("rediss"));
    if (u.getUserInfo() != null) {
      String info = u.getUserInfo();
      b.withPassword(info.substring(info.indexOf(':') + 1).toCharArray());
    }
    this.client = RedisClient.create(b.build());
    this.connection = client.connect();
    this.redis = connection.sync();
  }

  static boolean applies(String uri) {
    return uri.startsWith("redis://") || uri.startsWith("rediss://");
  }

  Snapshot snapshot() {
    Map<String, Long> calls = new TreeMap<>();
    commandStats(redis).forEach((name, stat) -> calls.put(name, stat.calls()));
    return new Snapshot(calls, cpuSeconds(redis));
  }

  /** Calls and server µs of one command, from {@code INFO commandstats}. */
  record CommandStat(long calls, long usec) {}

  /** {@code INFO commandstats} of {@code redis}, by command name (scripts' commands included). */
  static Map<String, CommandStat> commandStats(RedisCommands<String, String> redis) {
    Map<String, CommandStat> out = new TreeMap<>();
    for (String line : redis.info("commandstats").split("\r?\n", -1)) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        out.put(name, new CommandStat(field(line, "calls="), field(line, "usec=")));
      }
    }
    return out;
  }

  private static long field(String line, String key) {
    int at = line.indexOf(key) + key.length();
    int end = line.indexOf(',', at);
    return Long.parseLong(line.substring(at, end < 0 ? line.length() : end));
  }

  /** The server's user + system CPU seconds so far, from {@code INFO cpu}. */
  static double cpuSeconds(RedisCommands<String, String> redis) {
    double cpu = 0;
    for (String line : redis.info("cpu").split("\r?\n", -1)) {
      if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
        cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return cpu;
  }

  /** The Redis broker of {@code uri}, found as an application would: by its SPI provider. */
  static Broker openBroker(String uri) {
    BrokerProvider provider = ServiceLoader.load(BrokerProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.schemes().contains("redis")).findFirst()
        .orElseThrow(() -> new IllegalStateException("docket-broker-redis is not on the class path"));
    return provider.create(new BrokerConfig(URI.create(uri), Map.of(), Clock.systemUTC()));
  }

  /** Publishes {@code jobs} ping messages with {@code body} to {@code queue}, 1 000 a call. */
  static void publishPings(Broker broker, String queue, int jobs, byte[] body) {
    for (int sent = 0; sent < jobs; sent += 1000) {
      List<Message> batch = new ArrayList<>();
      for (int i = 0; i < Math.min(1000, jobs - sent); i++) {
        String id = UUID.randomUUID().toString();
        batch.add(Message.of(id, body, Map.of(Headers.TASK, "bench.ping", Headers.JOB_ID, id,
            Headers.FORMAT, "1")));
      }
      broker.publish(queue, batch);
    }
  }

  static Cost between(Snapshot a, Snapshot b, int jobs) {
    Map<String, Double> perJob = new LinkedHashMap<>();
    b.calls().entrySet().stream()
        .filter(e -> !e.getKey().equals("info"))
        .map(e -> Map.entry(e.getKey(), e.getValue() - a.calls().getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(e -> perJob.put(e.getKey(), e.getValue() / (double) jobs));
    double commands = perJob.values().stream().mapToDouble(Double::doubleValue).sum();
    return new Cost(jobs, commands, (b.cpuSeconds() - a.cpuSeconds()) * 1e6 / jobs, perJob);
  }

  /** Bytes of used_memory per job while {@code jobs} jobs with {@code bodyBytes} wait in a queue. */
  double memoryPerJob(int jobs, int bodyBytes, String queuePrefix) {
    String queue = queuePrefix + "memory-" + bodyBytes;
    try (Broker broker = openBroker(uri)) {
      broker.declareQueue(queue);
      byte[] body = new byte[bodyBytes];
      java.util.Arrays.fill(body, (byte) 'x');
      long before = usedMemory();
      publishPings(broker, queue, jobs, body);
      long after = usedMemory();
      broker.purge(queue);
      return (after - before) / (double) jobs;
    }
  }

  private long usedMemory() {
    for (String line : redis.info("memory").split("\r?\n", -1)) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory");
  }

  static void print(PrintStream out, String what, Cost c) {
    out.printf(Locale.ROOT, "redis cost of %s: %.2f commands/job, %.1f us Redis CPU/job over %d"
        + " jobs%n", what, c.commandsPerJob(), c.cpuMicrosPerJob(), c.jobs());
    c.perJob().forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %.3f/job%n", k, v));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
