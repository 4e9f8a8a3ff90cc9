package dev.docket.bench;

import dev.docket.Docket;
import dev.docket.broker.sqs.SqsBroker;
import dev.docket.broker.sqs.SqsBrokerConfig;
import dev.docket.spi.BrokerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * Docket on SQS, counting SQS API requests per job: every HTTP request the SDK sends while a run
 * is measured (sends, receives including empty long polls, deletes, visibility changes, queue
 * admin), divided by the jobs of the run. {@code sqs://elasticmq} starts ElasticMQ embedded in
 * this JVM; any other {@code sqs://} URI is used as given (e.g. an {@code endpoint} option).
 */
final class SqsSubject implements Subject {

  /** The URI that means "ElasticMQ embedded in the bench JVM". */
  static final String EMBEDDED = "sqs://elasticmq";

  private final SqsBroker broker;
  private final DocketSubject docket;
  private final PrintStream out;
  private final SQSRestServer server;
  private final Map<String, Map<String, Long>> lastRuns = new LinkedHashMap<>();
  private final Map<String, Integer> lastJobs = new LinkedHashMap<>();

  private SqsSubject(SqsBroker broker, DocketSubject docket, PrintStream out,
      SQSRestServer server) {
    this.broker = broker;
    this.docket = docket;
    this.out = out;
    this.server = server;
  }

  static SqsSubject open(String uri, int workers, int concurrency, String queuePrefix,
      PrintStream out) {
    SQSRestServer server = null;
    String target = uri;
    if (uri.equals(EMBEDDED)) {
      server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
      int port = server.waitUntilStarted().localAddress().getPort();
      target = "sqs://us-east-1/bench?endpoint=http://127.0.0.1:" + port
          + "&accessKeyId=bench&secretAccessKey=bench";
      out.println("sqs: ElasticMQ embedded on 127.0.0.1:" + port);
    }
    SqsBroker broker = SqsBroker.create(SqsBrokerConfig.from(
        new BrokerConfig(URI.create(target), Map.of(), Clock.systemUTC())));
    Docket client = Docket.builder().broker(broker).build();
    return new SqsSubject(broker, new DocketSubject(client, workers, concurrency, queuePrefix),
        out, server);
  }

  @Override
  public String name() {
    return "docket-sqs";
  }

  @Override
  public double bulkEnqueue(int jobs, int batch) throws Exception {
    Map<String, Long> before = broker.requestCounts();
    double rate = docket.bulkEnqueue(jobs, batch);
    record("bulk", jobs, before);
    return rate;
  }

  @Override
  public double endToEnd(int jobs, int batch, Duration timeout) throws Exception {
    Map<String, Long> before = broker.requestCounts();
    double rate = docket.endToEnd(jobs, batch, timeout);
    record("end-to-end", jobs, before);
    return rate;
  }

  @Override
  public LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception {
    Map<String, Long> before = broker.requestCounts();
    LatencyRun run = docket.latency(jobs, perSecond, timeout);
    record("latency", jobs, before);
    return run;
  }

  private void record(String run, int jobs, Map<String, Long> before) {
    Map<String, Long> delta = new TreeMap<>();
    broker.requestCounts().forEach((op, n) -> {
      long d = n - before.getOrDefault(op, 0L);
      if (d > 0) {
        delta.put(op, d);
      }
    });
    lastRuns.put(run, delta);
    lastJobs.put(run, jobs);
    long total = delta.values().stream().mapToLong(Long::longValue).sum();
    out.printf(Locale.ROOT, "sqs: %s run: %d jobs, %d requests, %.3f requests/job %s%n", run,
        jobs, total, (double) total / jobs, delta);
  }

  /** Requests per job of the last run of each kind, with the per-operation counts. */
  Map<String, Map<String, Long>> lastRuns() {
    return lastRuns;
  }

  /** Jobs of the last run of each kind. */
  Map<String, Integer> lastJobs() {
    return lastJobs;
  }

  @Override
  public void close() {
    docket.close();
    if (server != null) {
      // Do not wait: ElasticMQ would wait for the pumps' open long polls to time out.
      server.stopAndGetFuture();
    }
  }
}
