package dev.docket.bench.curves;

import dev.docket.broker.sqs.SqsBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a curve point cost the broker, where it can be read: on Redis its CPU and commands
 * ({@link RedisInfo}); on RabbitMQ the CPU of the node's Erlang VM, read from {@code
 * /proc/PID/stat} (utime + stime) of the {@code beam.smp} given by {@code broker-pid=PID} (point
 * it at a node nobody else uses); on SQS the requests the Docket client sent ({@link
 * SqsBroker#requestCount()}: every request, the worker's receives and deletes included). The
 * CPU of an ElasticMQ embedded in the bench JVM cannot be told apart from the client's, so it is
 * not read; neither are RabbitMQ's AMQP operations. What is not read is NaN.
 */
final class BrokerCost {

  /** Counters at one instant; NaN where not read. */
  record Sample(long nanos, double cpuSeconds, double ops) {

    /** Broker CPU microseconds per job between {@code this} and {@code later}. */
    double cpuMicrosPerJob(Sample later, long jobs) {
      return (later.cpuSeconds - cpuSeconds) * 1e6 / jobs;
    }

    /** Broker operations (commands, requests) per job between {@code this} and {@code later}. */
    double opsPerJob(Sample later, long jobs) {
      return (later.ops - ops) / jobs;
    }

    /** Broker operations per second between {@code this} and {@code later}. */
    double opsPerSecond(Sample later) {
      return (later.ops - ops) * 1e9 / (later.nanos - nanos);
    }

    /** Share of one core the broker used between {@code this} and {@code later}, in percent. */
    double cpuPercent(Sample later) {
      return (later.cpuSeconds - cpuSeconds) * 1e11 / (later.nanos - nanos);
    }
  }

  private final @Nullable String cpuName;
  private final @Nullable String opsName;
  private final Supplier<Sample> read;

  private BrokerCost(@Nullable String cpuName, @Nullable String opsName, Supplier<Sample> read) {
    this.cpuName = cpuName;
    this.opsName = opsName;
    this.read = read;
  }

  /** The reader for {@code t}'s broker; {@code broker-pid} names a RabbitMQ node's VM. */
  static BrokerCost of(Target t, Map<String, String> opts) {
    RedisInfo redis = t.redis();
    if (redis != null) {
      return new BrokerCost("Redis CPU", "Redis commands", () -> {
        RedisInfo.Snapshot s = redis.snapshot();
        return new Sample(s.nanos(), s.cpuSeconds(), s.commands());
      });
    }
    if (t.docket().broker() instanceof SqsBroker sqs) {
      return new BrokerCost(null, "SQS requests",
          () -> new Sample(System.nanoTime(), Double.NaN, sqs.requestCount()));
    }
    String pid = opts.get("broker-pid");
    if (t.kind().equals("rabbitmq") && pid != null) {
      Path stat = Path.of("/proc", pid, "stat");
      String comm = read(Path.of("/proc", pid, "comm")).trim();
      if (!comm.equals("beam.smp")) {
        throw new IllegalArgumentException("broker-pid=" + pid + " is " + comm
            + ", not a RabbitMQ node's beam.smp");
      }
      return new BrokerCost("RabbitMQ node CPU", null,
          () -> new Sample(System.nanoTime(), cpuSeconds(stat), Double.NaN));
    }
    return new BrokerCost(null, null,
        () -> new Sample(System.nanoTime(), Double.NaN, Double.NaN));
  }

  Sample sample() {
    return read.get();
  }

  /** What the CPU figure is ("Redis CPU", "RabbitMQ node CPU"), or null when not read. */
  @Nullable String cpuName() {
    return cpuName;
  }

  /** What the operations are ("Redis commands", "SQS requests"), or null when not read. */
  @Nullable String opsName() {
    return opsName;
  }

  /**
   * utime + stime of a process in seconds, from {@code /proc/PID/stat} (fields 14 and 15, in
   * clock ticks of 1/100 s: {@code getconf CLK_TCK} is 100 on Linux x86-64).
   */
  private static double cpuSeconds(Path stat) {
    String s = read(stat);
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+", -1);
    // f[0] is field 3 (state): utime is field 14, stime field 15.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
