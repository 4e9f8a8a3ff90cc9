package dev.docket.broker.sqs.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch sends with per-entry outcomes. Messages go out ten per {@code SendMessageBatch}, within
 * the SQS size limit, several batches at once; with one group per FIFO lane the batches of a lane
 * go one after the other, so the lane keeps the publish order. An entry SQS refuses for a
 * transient reason (internal error, throttling) is sent again on its own, up to {@value
 * #ATTEMPTS} times in all; entries SQS accepted are never sent twice by this class. A request that
 * fails as a whole is not repeated here: the SDK already retried it. Thread-safe.
 */
final class Sends {

  private static final Logger LOG = LoggerFactory.getLogger(Sends.class);

  /** Attempts of an entry SQS refuses for a transient reason. */
  static final int ATTEMPTS = 3;

  /** At most this many batch sends run at once. */
  private static final int PARALLELISM = 16;

  /** One message for one SQS queue. */
  record Target(String url, SqsCalls.Outgoing out) {}

  private final SqsCore core;
  private final Semaphore permits = new Semaphore(PARALLELISM);

  Sends(SqsCore core) {
    this.core = core;
  }

  /** Sends every target; one result per target, in order. Never throws for a refusal. */
  List<EntryResult> send(List<Target> targets) {
    EntryResult[] results = new EntryResult[targets.size()];
    Map<String, List<Integer>> byUrl = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      byUrl.computeIfAbsent(targets.get(i).url(), k -> new ArrayList<>()).add(i);
    }
    boolean ordered = core.oneInFlightPerLane();
    List<Future<?>> futures = new ArrayList<>();
    List<List<Integer>> tasksIndexes = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byUrl.entrySet()) {
      List<List<Integer>> batches = chunks(targets, e.getValue());
      List<List<List<Integer>>> tasks = ordered ? List.of(batches)
          : batches.stream().map(List::of).toList();
      for (List<List<Integer>> task : tasks) {
        tasksIndexes.add(task.stream().flatMap(List::stream).toList());
        futures.add(core.io.submit(() -> {
          permits.acquire();
          try {
            runTask(e.getKey(), targets, task, results);
          } finally {
            permits.release();
          }
          return null;
        }));
      }
    }
    boolean interrupted = false;
    for (int t = 0; t < futures.size(); t++) {
      try {
        futures.get(t).get();
      } catch (ExecutionException e) {
        RuntimeException failure = SqsCalls.unwrap("sending to SQS", e.getCause());
        fill(results, tasksIndexes.get(t), EntryResult.failed(failure, false));
      } catch (InterruptedException e) {
        interrupted = true;
        fill(results, tasksIndexes.get(t), EntryResult.failed(
            new BrokerUnavailableException("interrupted while sending to SQS", e), false));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(results);
  }

  /** Sends and throws when any entry was not stored; for single moves (release, dead letter). */
  void sendAllOrThrow(List<Target> targets) {
    List<EntryResult> results = send(targets);
    for (EntryResult r : results) {
      if (!r.ok()) {
        String text = "SQS did not store " + results.stream().filter(x -> !x.ok()).count()
            + " of " + results.size() + " message(s): " + r.describe();
        throw r.unknown() || r.retryable() ? new BrokerUnavailableException(text)
            : new DocketException(text);
      }
    }
  }

  private static void fill(EntryResult[] results, List<Integer> indexes, EntryResult r) {
    for (int i : indexes) {
      if (results[i] == null) {
        results[i] = r;
      }
    }
  }

  private void runTask(String url, List<Target> targets, List<List<Integer>> batches,
      EntryResult[] results) throws InterruptedException {
    for (int b = 0; b < batches.size(); b++) {
      if (!sendBatch(url, targets, batches.get(b), results) && batches.size() > 1) {
        // An ordered lane: a later batch must not overtake one that was not stored.
        for (int later = b + 1; later < batches.size(); later++) {
          fill(results, batches.get(later), new EntryResult("NotSent", "an earlier batch of"
              + " this ordered FIFO lane was not stored", true, false));
        }
        return;
      }
    }
  }

  /** One batch, re-sending only the entries refused for a transient reason; true when all ok. */
  private boolean sendBatch(String url, List<Target> targets, List<Integer> batch,
      EntryResult[] results) throws InterruptedException {
    List<Integer> pending = batch;
    for (int attempt = 1; ; attempt++) {
      List<EntryResult> got;
      try {
        got = core.calls.send(url, pending.stream().map(i -> targets.get(i).out()).toList());
      } catch (RuntimeException e) {
        fill(results, pending, EntryResult.failed(e, !(e instanceof BrokerUnavailableException)));
        return false;
      }
      List<Integer> again = new ArrayList<>();
      for (int k = 0; k < pending.size(); k++) {
        EntryResult r = got.get(k);
        results[pending.get(k)] = r;
        if (r.retryable() && !r.unknown()) {
          again.add(pending.get(k));
        }
      }
      if (again.isEmpty() || attempt >= ATTEMPTS) {
        return batch.stream().allMatch(i -> results[i].ok());
      }
      LOG.debug("SQS refused {} of {} entries sent to {} for a transient reason ({}); sending"
          + " those again", again.size(), pending.size(), SqsCalls.name(url),
          results[again.get(0)].describe());
      Thread.sleep(50L * attempt); // a backoff after a refusal, not a wait for a state
      pending = again;
    }
  }

  private List<List<Integer>> chunks(List<Target> targets, List<Integer> all) {
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> cur = new ArrayList<>();
    long bytes = 0;
    for (int i : all) {
      long size = targets.get(i).out().size();
      if (!cur.isEmpty() && (cur.size() == Batcher.MAX_BATCH
          || bytes + size > core.config.sqsMessageLimit())) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(i);
      bytes += size;
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
