package dev.docket.broker.sqs.internal;

import dev.docket.spi.Delivery;
import dev.docket.spi.LiveIdRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The references this process holds in the live-id registry for its leased messages. A
 * reference is {@code <lane url> <receipt handle>}, followed, while the bodies held stay within
 * {@link #DEFAULT_BUDGET} bytes, by the delivery itself ({@link #encode}): a live process that
 * is handed a dead owner's references then runs the message itself at once (see {@link
 * Adopter}) instead of making it visible behind a backlog. Past the budget a reference carries no
 * delivery and recovery falls back to a visibility change, so the one store record a process
 * writes per change stays small. Thread-safe.
 */
final class HeldRefs {

  /**
   * Default total size of the deliveries kept with references, per process: 64 KiB (Base64, so
   * about 48 KiB of bodies and headers).
   */
  static final long DEFAULT_BUDGET = 64 * 1024;

  /** A message to hold: {@code ref} is {@code <lane url> <receipt handle>}. */
  record Entry(String ref, @Nullable Delivery delivery, String messageId) {}

  private final LiveIdRegistry ids;
  private final long budget;
  /** Short reference to the full one written (with its delivery, when within the budget). */
  private final ConcurrentMap<String, String> full = new ConcurrentHashMap<>();
  private final AtomicLong kept = new AtomicLong();

  HeldRefs(LiveIdRegistry ids, long budget) {
    this.ids = ids;
    this.budget = budget;
  }

  /** Holds {@code entries}: one registry call (one store write) for all of them. */
  void hold(List<Entry> entries) {
    List<String> refs = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      String ref = e.ref();
      Delivery d = e.delivery();
      if (d != null && !ids.shared()) {
        d = null; // a local registry never reports orphans: nothing to keep
      }
      if (d != null) {
        String payload = encode(d, e.messageId());
        if (kept.addAndGet(payload.length()) <= budget) {
          ref = ref + " " + payload;
        } else {
          kept.addAndGet(-payload.length());
        }
      }
      String previous = full.put(e.ref(), ref);
      if (previous != null && !previous.equals(ref)) {
        forget(previous);
      }
      refs.add(ref);
    }
    if (!refs.isEmpty()) {
      ids.hold(refs);
    }
  }

  /** This process no longer holds {@code ref} (settled, handed back or lost). */
  void release(String ref) {
    String written = full.remove(ref);
    if (written != null) {
      forget(written);
    }
  }

  private void forget(String written) {
    int sp = written.indexOf(' ', written.indexOf(' ') + 1);
    if (sp > 0) {
      kept.addAndGet(-(written.length() - sp - 1));
    }
    ids.release(written);
  }

  /** Bytes of deliveries kept with references now (tests). */
  long keptBytes() {
    return kept.get();
  }

  /** One held reference taken apart. */
  record Parsed(String laneUrl, String receiptHandle, @Nullable Delivery delivery,
      @Nullable String messageId) {}

  /** Parses a reference; null when it is not one this broker wrote. */
  static @Nullable Parsed parse(String ref) {
    String[] parts = ref.split(" ", 3);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    if (parts.length == 3) {
      try {
        return decode(parts[0], parts[1], parts[2]);
      } catch (RuntimeException e) {
        // Not a delivery this version can read: the visibility change still recovers it.
      }
    }
    return new Parsed(parts[0], parts[1], null, null);
  }

  /**
   * A delivery as one Base64 word (no spaces, no line breaks: references are stored one per
   * line): SQS message id, queue, job id, priority, delivery count, enqueue time, headers, body.
   * The lease token is not kept: the adopter makes its own.
   */
  static String encode(Delivery d, String messageId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + d.body().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(messageId);
      out.writeUTF(d.queue());
      out.writeUTF(d.id());
      out.writeInt(d.priority());
      out.writeInt(d.deliveryCount());
      Instant at = d.enqueuedAt();
      out.writeLong(at.getEpochSecond());
      out.writeInt(at.getNano());
      out.writeInt(d.headers().size());
      for (Map.Entry<String, String> h : d.headers().entrySet()) {
        out.writeUTF(h.getKey());
        out.writeUTF(h.getValue());
      }
      out.writeInt(d.body().length);
      out.write(d.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private static Parsed decode(String url, String handle, String payload) {
    byte[] raw = Base64.getUrlDecoder().decode(payload);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
      if (in.readByte() != 1) {
        throw new IllegalArgumentException("unknown held delivery version");
      }
      String messageId = in.readUTF();
      String queue = in.readUTF();
      String id = in.readUTF();
      int priority = in.readInt();
      int count = in.readInt();
      Instant enqueuedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      int headers = in.readInt();
      Map<String, String> h = new LinkedHashMap<>();
      for (int i = 0; i < headers; i++) {
        h.put(in.readUTF(), in.readUTF());
      }
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      // Placeholder token and lease: the adopter replaces both.
      Delivery d = new Delivery(queue, id, body, h, priority, count, enqueuedAt, "-",
          Instant.EPOCH);
      return new Parsed(url, handle, d, messageId);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable held delivery", e);
    }
  }
}
