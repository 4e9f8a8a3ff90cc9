package dev.docket.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQS baseline: hand-written, batched AWS SDK code on the same endpoint, doing what a careful
 * team would write without Docket. Producers send batches of ten, sixteen batches at a time;
 * {@code workers × 2} pollers each long-poll ten messages, run them side by side on virtual
 * threads and delete the ten in one batch. JSON bodies, no envelope, no leases beyond the fixed
 * visibility timeout, no retries, no dead letters, no priorities, no delays.
 */
final class RawSqsSubject implements Subject {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SqsClient sqs;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final int pollers;
  private final String queuePrefix;
  private final AtomicInteger runs = new AtomicInteger();
  private final RequestLog log;

  RawSqsSubject(SqsTarget target, int workers, String queuePrefix, PrintStream out) {
    this.sqs = target.rawClient(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context,
          ExecutionAttributes attributes) {
        counts.computeIfAbsent(String.valueOf(attributes.getAttribute(
            SdkExecutionAttribute.OPERATION_NAME)), k -> new LongAdder()).increment();
      }
    });
    this.pollers = workers * 2;
    this.queuePrefix = queuePrefix.replace('.', '-');
    this.log = new RequestLog(name(), out);
  }

  @Override
  public String name() {
    return "raw-sqs-sdk";
  }

  RequestLog requests() {
    return log;
  }

  private Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private String freshQueue(String kind) {
    String name = queuePrefix + "raw-" + kind + "-" + runs.incrementAndGet();
    return sqs.createQueue(b -> b.queueName(name)).queueUrl();
  }

  private static String body(Ping p) {
    return JSON.writeValueAsString(p);
  }

  private void sendAll(String url, List<Ping> pings) throws Exception {
    Semaphore permits = new Semaphore(16);
    try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < pings.size(); i += 10) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int j = i; j < Math.min(pings.size(), i + 10); j++) {
          entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j - i))
              .messageBody(body(pings.get(j))).build());
        }
        sends.add(io.submit(() -> {
          permits.acquire();
          try {
            if (!sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).failed().isEmpty()) {
              throw new IllegalStateException("SQS refused a message");
            }
          } finally {
            permits.release();
          }
          return null;
        }));
      }
      for (Future<?> f : sends) {
        f.get();
      }
    }
  }

  private void enqueueBatches(String url, int jobs, int batch, boolean stamp) throws Exception {
    Batches.send(jobs, batch, i -> new Ping(i, stamp ? System.nanoTime() : 0),
        pings -> sendAll(url, pings));
  }

  @Override
  public double bulkEnqueue(int jobs, int batch) throws Exception {
    Map<String, Long> before = counts();
    String url = freshQueue("bulk");
    long start = System.nanoTime();
    enqueueBatches(url, jobs, batch, false);
    double rate = jobs * 1e9 / (System.nanoTime() - start);
    sqs.purgeQueue(b -> b.queueUrl(url));
    log.record("bulk", jobs, before, counts());
    return rate;
  }

  /** Pollers that run every message through {@code sink} until stopped. */
  private AutoCloseable consume(String url, Sink sink) {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < pollers; p++) {
      threads.add(Thread.ofVirtual().start(() -> {
        while (running.get()) {
          List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
              .waitTimeSeconds(1).visibilityTimeout(30)).messages();
          if (got.isEmpty()) {
            continue;
          }
          List<Thread> handlers = new ArrayList<>(got.size());
          for (Message m : got) {
            handlers.add(Thread.ofVirtual().start(
                () -> sink.accept(JSON.readValue(m.body(), Ping.class))));
          }
          for (Thread t : handlers) {
            try {
              t.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
          for (int i = 0; i < got.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                .receiptHandle(got.get(i).receiptHandle()).build());
          }
          sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
      }));
    }
    return () -> {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
    };
  }

  @Override
  public double endToEnd(int jobs, int batch, Duration timeout) throws Exception {
    return withConsumers("e2e", "end-to-end", jobs, (url, sink) -> {
      long start = System.nanoTime();
      enqueueBatches(url, jobs, batch, true);
      sink.await(timeout);
      return jobs * 1e9 / (System.nanoTime() - start);
    });
  }

  @Override
  public LatencyRun latency(int jobs, int perSecond, Duration timeout) throws Exception {
    return withConsumers("latency", "latency", jobs,
        (url, sink) -> Pacer.latencyRun(jobs, perSecond, sink, timeout, ping -> {
          String b = body(ping);
          sqs.sendMessage(r -> r.queueUrl(url).messageBody(b));
        }));
  }

  /** What a measured run does while the pollers consume: send to the queue, then wait. */
  private interface Run<T> {
    T run(String url, Sink sink) throws Exception;
  }

  /**
   * Runs {@code body} against a fresh queue of {@code kind} with pollers on it and a sink
   * expecting {@code jobs} pings; stops the pollers, then logs the run's requests as {@code
   * label} (after the pollers stopped, so their last receives count).
   */
  private <T> T withConsumers(String kind, String label, int jobs, Run<T> body)
      throws Exception {
    Map<String, Long> before = counts();
    String url = freshQueue(kind);
    Sink sink = new Sink(jobs);
    T result;
    try (AutoCloseable consumers = consume(url, sink)) {
      result = body.run(url, sink);
    }
    log.record(label, jobs, before, counts());
    return result;
  }

  @Override
  public void close() {
    sqs.close();
  }
}
