package dev.docket.broker.sqs.internal;

import dev.docket.DocketException;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.DeadLetterStore;
import dev.docket.spi.support.Require;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The dead-letter side on SQS. SQS cannot browse a queue, so every operation scans: it receives
 * every dead letter (hiding them for {@link #scanVisibility}; a few receives at once,
 * see {@link Parallel}), sorts them oldest first, acts on the matching ones (replay: send to the
 * lane, then delete; purge: delete) and makes the rest visible again at once. Cost and time grow with the size of the dead-letter queue, and two
 * scans of one queue at the same moment see each other's dead letters as missing; meant for
 * operators, not hot paths. Bulk replay uses the same scan rather than StartMessageMoveTask, which
 * cannot restore each job to its priority lane, reset its delivery count or filter by task.
 *
 * <p>Dead letters that the SQS redrive policy moved (a job that crashed its worker {@code
 * maxReceiveCount} times) carry no failure; they list as {@link FailureReason#DELIVERY_LIMIT}.
 */
public final class DeadLetterQueues implements DeadLetterStore {

  /** How long a scan hides the letters it received, at least. */
  static final int SCAN_VISIBILITY_SECONDS = 60;
  /**
   * More hiding time a scan asks for per letter in the DLQ: about three to ten times what a
   * receive and its put-back cost per letter (ElasticMQ on a loaded 2-core box: about 3 ms; AWS,
   * four receives of ten in flight: about 1 ms), so 100k letters are hidden for 17 minutes.
   */
  static final long SCAN_MILLIS_PER_LETTER = 10;

  private final SqsCore core;

  /** The store of {@code core}'s queues. */
  public DeadLetterQueues(SqsCore core) {
    this.core = core;
  }

  /** A DLQ message of a failed delivery; the stack trace is cut to fit the SQS size limit. */
  static SqsCalls.Outgoing fit(SqsCore core, byte[] body, Meta meta, JobFailure failure) {
    JobFailure f = failure;
    String text = Codec.body(body);
    long room = core.config.sqsMessageLimit()
        - Codec.size(text, Codec.attributes(meta.withFailure(strip(f)))) - 512;
    if (f.stackTrace().length() + f.message().length() > room / 2) {
      int keep = (int) Math.max(0, room / 4);
      f = new JobFailure(f.reason(), f.errorClass(), cut(f.message(), keep),
          cut(f.stackTrace(), keep), f.attempts(), f.failedAt(), f.workerId());
    }
    return core.outgoing(body, meta.withFailure(f));
  }

  private static JobFailure strip(JobFailure f) {
    return new JobFailure(f.reason(), f.errorClass(), "", "", f.attempts(), f.failedAt(),
        f.workerId());
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "\n\t... (cut to fit the SQS limit)";
  }

  private record Scanned(Message message, DeadLetter letter) {}

  /** The sort key of a dead letter: failure time, then SQS send time, then SQS message id. */
  private record Key(Instant failedAt, long sentMillis, String messageId) implements Comparable<Key> {
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::failedAt)
        .thenComparingLong(Key::sentMillis).thenComparing(Key::messageId);

    static Key of(Scanned s) {
      return new Key(s.letter().failure().failedAt(), Deliveries.sentAt(s.message()).toEpochMilli(),
          s.message().messageId());
    }

    @Override
    public int compareTo(Key o) {
      return ORDER.compare(this, o);
    }

    String cursor() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString((failedAt + "|" + sentMillis
          + "|" + messageId).getBytes(StandardCharsets.UTF_8));
    }

    static Key parse(String cursor) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
            .split("\\|", 3);
        return new Key(Instant.parse(parts[0]), Long.parseLong(parts[1]), parts[2]);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("dead-letter cursor '" + cursor + "' was not returned"
            + " by this broker", e);
      }
    }
  }

  /**
   * How long a scan of a DLQ of about {@code letters} hides what it receives: it ends when a
   * receive finds nothing visible, so it must have received every letter before the first ones
   * it hid come back, or it would never end.
   */
  static int scanVisibility(long letters) {
    long extra = (Math.min(Math.max(0, letters), Integer.MAX_VALUE) * SCAN_MILLIS_PER_LETTER
        + 999) / 1000;
    return (int) Math.min(SqsCalls.MAX_VISIBILITY_SECONDS, SCAN_VISIBILITY_SECONDS + extra);
  }

  /**
   * Receives every dead letter of {@code q}, {@link Parallel#REQUESTS} receives at once, each
   * receiver until the queue has nothing visible left. The letters are hidden for {@link
   * #scanVisibility} of the DLQ's approximate size; a scan still running when that time is up
   * stops with an error instead of receiving the letters that came back, again and again, for
   * ever. A letter received twice (SQS may deliver a copy twice) keeps its newest receipt handle,
   * the one SQS still honours. If a receive fails or the time is up, what was received is made
   * visible again before the failure is thrown.
   */
  private List<Scanned> scan(QueueUrls q) {
    Map<String, Scanned> seen = new ConcurrentHashMap<>();
    long[] counts = core.calls.counts(q.dlq());
    long letters = counts[0] + counts[1];
    int hide = scanVisibility(letters);
    long start = core.time.nanoTime();
    long limit = TimeUnit.SECONDS.toNanos(hide);
    try {
      Parallel.run(Parallel.REQUESTS, () -> {
        while (true) {
          if (core.time.nanoTime() - start >= limit) {
            throw new DocketException("scanning the dead-letter queue of '"
                + q.queue() + "' took longer than the " + hide + " s it hides each letter for"
                + " (about " + letters + " letters when it began; " + seen.size()
                + " received): the first ones are visible again, so it could not tell when it"
                + " had seen them all. Every letter stays in the dead-letter queue. SQS cannot"
                + " browse a queue: a DLQ this large is slow to list, replay or purge here");
          }
          List<Message> got = core.calls.receive(q.dlq(), 10, 0, hide);
          if (got.isEmpty() && core.config.endpoint() == null) {
            // AWS short polls sample a subset of servers: confirm the end with a long poll.
            got = core.calls.receive(q.dlq(), 10, 1, hide);
          }
          if (got.isEmpty()) {
            return;
          }
          for (Message m : got) {
            seen.put(m.messageId(), new Scanned(m, letter(q.queue(), m)));
          }
        }
      });
    } catch (RuntimeException e) {
      try {
        core.calls.restore(q.dlq(), seen.values().stream().map(Scanned::message).toList());
      } catch (RuntimeException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
    List<Scanned> out = new ArrayList<>(seen.values());
    out.sort(Comparator.comparing(Key::of));
    return out;
  }

  private DeadLetter letter(String queue, Message m) {
    Codec.Decoded d = Codec.decode(m.body(), m.messageAttributes());
    if (d == null) {
      return new DeadLetter(queue, m.messageId(), m.body().getBytes(StandardCharsets.UTF_8),
          Map.of(), 0, Deliveries.sentAt(m), redriven(Deliveries.sentAt(m), 0));
    }
    Meta meta = d.meta();
    JobFailure failure = meta.failure() != null ? meta.failure()
        : redriven(Deliveries.sentAt(m), meta.baseCount() + core.config.maxReceiveCount());
    return new DeadLetter(queue, meta.id(), d.body(), meta.headers(), meta.priority(),
        meta.enqueuedAt(), failure);
  }

  private JobFailure redriven(Instant at, int attempts) {
    return new JobFailure(FailureReason.DELIVERY_LIMIT, "sqs.RedrivePolicy", "moved to the"
        + " dead-letter queue by the SQS redrive policy after " + core.config.maxReceiveCount()
        + " receives without an ack (its workers crashed, were killed or hung)", "", attempts,
        at, "sqs");
  }

  @Override
  public Page<DeadLetter> list(String queue, @Nullable String cursor, int limit) {
    return SqsCore.translated("list the dead letters of '" + queue + "'",
        () -> doList(queue, cursor, limit));
  }

  @Override
  public long replay(String queue, DeadLetterFilter filter) {
    return SqsCore.translated("replay dead letters of '" + queue + "'",
        () -> doReplay(queue, filter));
  }

  @Override
  public long purge(String queue, DeadLetterFilter filter) {
    return SqsCore.translated("purge dead letters of '" + queue + "'",
        () -> doPurge(queue, filter));
  }

  private Page<DeadLetter> doList(String queue, @Nullable String cursor, int limit) {
    Require.atLeast("limit", limit, 1);
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> core.topology.of(queue));
    Key from = cursor == null ? null : Key.parse(cursor);
    List<Scanned> all = scan(q);
    try {
      List<Scanned> after = from == null ? all
          : all.stream().filter(s -> Key.of(s).compareTo(from) > 0).toList();
      List<Scanned> page = after.subList(0, Math.min(limit, after.size()));
      String next = after.size() > limit ? Key.of(page.get(page.size() - 1)).cursor() : null;
      return new Page<>(page.stream().map(Scanned::letter).toList(), next);
    } finally {
      core.calls.restore(q.dlq(), all.stream().map(Scanned::message).toList());
    }
  }

  private long doReplay(String queue, DeadLetterFilter filter) {
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> core.topology.of(queue));
    List<Scanned> all = scan(q);
    List<Scanned> matched = new ArrayList<>();
    List<Message> others = new ArrayList<>();
    List<Sends.Target> targets = new ArrayList<>();
    Instant now = core.clock.instant();
    List<EntryResult> results = List.of();
    try {
      for (Scanned s : all) {
        if (!filter.matches(s.letter())) {
          others.add(s.message());
          continue;
        }
        DeadLetter l = s.letter();
        Meta meta = new Meta(l.id(), l.headers(), l.priority(), l.enqueuedAt(), 0, null, null);
        String lane = core.topology.lane(q, core.topology.band(l.priority()));
        // FIFO: keyed on the dead letter's SQS id, so a replay always goes through, even seconds
        // after the job's first enqueue; a replay repeated after a crash is dropped by SQS.
        targets.add(new Sends.Target(lane, core.toLane(core.outgoing(l.body(), meta), queue,
            l.id(), FifoIds.move("rp", l.id(), s.message().messageId()))));
        matched.add(s);
      }
      results = core.sends.send(targets);
    } catch (RuntimeException e) {
      matched.forEach(s -> others.add(s.message()));
      matched.clear();
      throw e;
    } finally {
      // Letters whose copy SQS did not store stay dead letters (visible again at once); only the
      // ones replayed are deleted, so a repeated replay never runs a job twice.
      for (int i = 0; i < matched.size(); i++) {
        if (!results.get(i).ok()) {
          others.add(matched.get(i).message());
        }
      }
      core.calls.restore(q.dlq(), others);
    }
    List<Message> moved = new ArrayList<>();
    EntryResult refused = null;
    for (int i = 0; i < matched.size(); i++) {
      if (results.get(i).ok()) {
        moved.add(matched.get(i).message());
        core.liveIds.keep(queue, matched.get(i).letter().id(), core.liveUntil(null, now));
      } else if (refused == null) {
        refused = results.get(i);
      }
    }
    core.calls.deleteAll(q.dlq(), moved);
    core.signal.fire();
    if (refused != null) {
      throw new dev.docket.DocketException("replayed " + moved.size() + " of " + matched.size()
          + " dead letters of '" + queue + "'; SQS did not store the others, which stay in the"
          + " dead-letter queue (" + refused.describe() + ")");
    }
    return moved.size();
  }

  private long doPurge(String queue, DeadLetterFilter filter) {
    QueueUrls q = SqsCalls.call("declare queue '" + queue + "'", () -> core.topology.of(queue));
    List<Scanned> all = scan(q);
    List<Message> matched = new ArrayList<>();
    List<Message> others = new ArrayList<>();
    for (Scanned s : all) {
      (filter.matches(s.letter()) ? matched : others).add(s.message());
    }
    core.calls.restore(q.dlq(), others);
    return core.calls.deleteAll(q.dlq(), matched);
  }
}
