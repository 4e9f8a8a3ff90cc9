package dev.docket.internal;

import dev.docket.EnqueueOptions;
import dev.docket.EnqueuedJob;
import dev.docket.JobEvent;
import dev.docket.JobId;
import dev.docket.JobInterceptor;
import dev.docket.JobRequest;
import dev.docket.spi.Broker;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns requests into envelopes and publishes them with one broker call per queue; declares each
 * queue once per client. Thread-safe.
 */
final class Enqueuer {
  private final Broker broker;
  private final TimeSource time;
  private final EnvelopeCodec codec;
  private final Listeners listeners;
  private final List<JobInterceptor> interceptors;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();

  Enqueuer(Broker broker, TimeSource time, EnvelopeCodec codec, Listeners listeners,
      List<JobInterceptor> interceptors) {
    this.broker = broker;
    this.time = time;
    this.codec = codec;
    this.listeners = listeners;
    this.interceptors = EnqueueHooks.adding(interceptors);
  }

  /** One request made ready to publish, with the job it becomes. */
  private record Outgoing(Message message, EnqueuedJob job, Instant dueAt) {}

  /** Enqueues every request; results in request order. */
  List<EnqueuedJob> enqueue(List<LinkedRequest> requests) {
    Instant now = time.instant();
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    List<Outgoing> out = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      Outgoing o = prepare(requests.get(i), now);
      out.add(o);
      byQueue.computeIfAbsent(o.job().queue(), q -> new ArrayList<>()).add(i);
    }
    List<EnqueuedJob> jobs = new ArrayList<>(out.stream().map(Outgoing::job).toList());
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      String queue = e.getKey();
      ensureQueue(queue);
      List<Outgoing> batch = e.getValue().stream().map(out::get).toList();
      List<PublishOutcome> outcomes = broker.publish(queue,
          batch.stream().map(Outgoing::message).toList());
      for (int k = 0; k < batch.size(); k++) {
        EnqueuedJob job = batch.get(k).job();
        boolean duplicate = outcomes.get(k) == PublishOutcome.DUPLICATE;
        jobs.set(e.getValue().get(k), new EnqueuedJob(job.id(), job.task(), queue, duplicate));
        if (!duplicate) {
          listeners.emit(new JobEvent.Enqueued(job.id(), job.task(), queue, now,
              batch.get(k).dueAt()));
        }
      }
    }
    return List.copyOf(jobs);
  }

  private Outgoing prepare(LinkedRequest linked, Instant now) {
    JobRequest<?> r = linked.request();
    EnqueueOptions o = r.options();
    String task = r.task().name();
    String queue = o.queue() != null ? o.queue() : r.task().queue();
    int priority = o.priority() != null ? o.priority() : r.task().priority();
    JobId id = o.jobId() != null ? o.jobId() : JobId.generate(time.clock());
    Instant eta = o.eta() != null ? o.eta() : o.delay() != null ? now.plus(o.delay()) : null;
    Envelope envelope = new Envelope(Envelope.VERSION, id.value(), task, queue,
        JobArgs.of(r.args()), priority, now, eta,
        EnqueueHooks.headers(interceptors, id, task, queue, now, eta, o.headers()),
        linked.link());
    Map<String, String> headers = Map.of(
        Headers.TASK, task,
        Headers.JOB_ID, id.value(),
        Headers.FORMAT, "json/" + Envelope.VERSION);
    @Nullable Instant delayedUntil = eta != null && eta.isAfter(now) ? eta : null;
    Message message = new Message(id.value(), codec.encode(envelope), headers, priority,
        DueCheck.arrival(delayedUntil, now, broker.capabilities(), time));
    return new Outgoing(message, new EnqueuedJob(id, task, queue, false),
        delayedUntil != null ? delayedUntil : now);
  }

  /** Declares a queue once per client; brokers make this idempotent. */
  void ensureQueue(String queue) {
    if (declared.add(queue)) {
      try {
        broker.declareQueue(queue);
      } catch (RuntimeException e) {
        declared.remove(queue);
        throw e;
      }
    }
  }
}
