package dev.docket.broker.redis.internal;

import dev.docket.Page;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import dev.docket.spi.support.NamePage;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Listing and browsing on Redis, read-only. Queues come from the registry set that {@code
 * declareQueue} writes (one name per declared queue, so a page reads the set and pages by name:
 * stable order, no duplicates, and never a {@code SCAN} of the keyspace). Jobs come from one
 * script per page over the queue's own sorted sets ({@code ZRANGE} from the cursor's rank, then
 * {@code HGET} of each job), bounded by the page size; each job's value is cut to its headers and
 * the preview on the server, so a page of large bodies stays small on the wire. Thread-safe.
 *
 * @param ops the broker's queue operations
 * @param prefix the broker's key prefix
 * @param checkOpen throws once the broker is closed
 */
public record RedisBrowser(QueueOps ops, String prefix, Runnable checkOpen)
    implements QueueBrowser {

  /** Script: a page of one set. */
  public static final Script BROWSE = Script.broker("browse");
  /** Script: one job by id. */
  public static final Script BROWSE_JOB = Script.broker("browse_job");

  /** Bytes of each job value read: the value prefix, the headers and the preview. */
  private static final int HEAD = 64 * 1024 + PREVIEW_BYTES;

  @Override
  public Page<QueueInfo> queues(@Nullable String cursor, int limit) {
    QueueBrowser.checkLimit(limit);
    checkOpen.run();
    Set<byte[]> members = ops.link().await(ops.link().commands()
        .smembers(QueueKeys.registry(prefix)));
    NavigableSet<String> names = new TreeSet<>();
    for (byte[] m : members) {
      names.add(new String(m, StandardCharsets.UTF_8));
    }
    return NamePage.of(names, cursor, limit,
        name -> new QueueInfo(name, ops.keys(name).keys()[8]));
  }

  @Override
  public Page<QueuedJob> jobs(String queue, QueuedJob.State state, @Nullable String cursor,
      int limit) {
    QueueBrowser.checkLimit(limit);
    checkOpen.run();
    String score = "";
    String member = "";
    if (cursor != null) {
      int bar = cursor.indexOf(' ');
      if (bar < 1) {
        throw new IllegalArgumentException("not a cursor of the Redis broker: " + cursor);
      }
      score = cursor.substring(0, bar);
      member = cursor.substring(bar + 1);
    }
    String set = switch (state) {
      case READY -> "ready";
      case DELAYED -> "delayed";
      case IN_FLIGHT -> "leased";
    };
    List<Object> r = ops.runList(BROWSE, queue, QueueOps.utf8(set), QueueOps.utf8(score),
        QueueOps.utf8(member), QueueOps.ascii(limit), QueueOps.ascii(HEAD));
    List<QueuedJob> items = new ArrayList<>();
    String lastMember = null;
    String lastScore = null;
    for (int i = 1; i + 6 <= r.size(); i += 6) {
      lastMember = QueueOps.string(r.get(i));
      lastScore = QueueOps.string(r.get(i + 1));
      String id = state == QueuedJob.State.DELAYED ? lastMember.substring(2) : lastMember;
      Instant due = state == QueuedJob.State.READY ? millis(r.get(i + 5)) : millis(r.get(i + 1));
      items.add(view(queue, id, state, due, r, i + 2));
    }
    boolean more = ((Long) r.get(0)) == 1L && lastMember != null;
    return new Page<>(items, more ? lastScore + " " + lastMember : null);
  }

  @Override
  public Optional<QueuedJob> job(String queue, String id) {
    checkOpen.run();
    List<Object> r = ops.runList(BROWSE_JOB, queue, QueueOps.utf8(id), QueueOps.ascii(HEAD));
    if (r.isEmpty()) {
      return Optional.empty();
    }
    QueuedJob.State state = switch (QueueOps.string(r.get(0))) {
      case "leased" -> QueuedJob.State.IN_FLIGHT;
      case "delayed" -> QueuedJob.State.DELAYED;
      default -> QueuedJob.State.READY;
    };
    Instant due = state == QueuedJob.State.READY ? millis(r.get(5)) : millis(r.get(1));
    return Optional.of(view(queue, id, state, due, r, 2));
  }

  /** A job from {value length, value head, lease entry, ready-since} at {@code at} in {@code r}. */
  private static QueuedJob view(String queue, String id, QueuedJob.State state,
      @Nullable Instant due, List<Object> r, int at) {
    long length = (Long) r.get(at);
    byte[] head = (byte[]) r.get(at + 1);
    String lease = QueueOps.string(r.get(at + 2));
    int bar = indexOf(head, (byte) '|');
    String fields = new String(head, 0, bar, StandardCharsets.US_ASCII);
    int colon = fields.indexOf(':');
    int priority = Integer.parseInt(fields.substring(0, colon));
    Instant enqueuedAt = Instant.ofEpochMilli(Long.parseLong(fields.substring(colon + 1)));
    Map<String, String> headers = new HashMap<>();
    long bodySize;
    byte[] preview;
    ByteBuffer in = ByteBuffer.wrap(head, bar + 1, head.length - bar - 1);
    try {
      int count = in.getInt();
      for (int k = 0; k < count; k++) {
        String name = string(in);
        headers.put(name, string(in));
      }
      bodySize = length - in.position();
      preview = Arrays.copyOfRange(head, in.position(),
          (int) Math.min(head.length, in.position() + (long) PREVIEW_BYTES));
    } catch (BufferUnderflowException e) {
      // Headers longer than the head read (never written by Docket): show the job without them.
      headers.clear();
      bodySize = length;
      preview = new byte[0];
    }
    int deliveries = lease.isEmpty() ? 0 : Integer.parseInt(lease.substring(0, lease.indexOf(':')));
    return new QueuedJob(queue, id, state, priority, headers, due, enqueuedAt, deliveries,
        bodySize, preview);
  }

  private static String string(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] b, byte c) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    throw new IllegalStateException("not a Docket job value (no '|' after its prefix)");
  }

  /** A score in (possibly fractional) epoch milliseconds, or null for an empty reply. */
  private static @Nullable Instant millis(Object score) {
    String s = QueueOps.string(score);
    if (s.isEmpty()) {
      return null;
    }
    long micros = Math.round(Double.parseDouble(s) * 1000);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
        Math.floorMod(micros, 1_000_000) * 1000L);
  }
}
