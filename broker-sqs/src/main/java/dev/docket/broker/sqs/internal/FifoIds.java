package dev.docket.broker.sqs.internal;

import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * MessageGroupId and MessageDeduplicationId of the messages sent to FIFO lanes and dead-letter
 * queues.
 *
 * <p>SQS drops, for five minutes, every send whose de-duplication id it has seen in that queue, and
 * still answers it with success. So only the first enqueue of a job is keyed on the job id alone
 * (a second process publishing the same id in that window is dropped by SQS, which backs
 * idempotent enqueue); every later move of a job that must go through gets an id that is new for
 * that move:
 *
 * <ul>
 *   <li>a due delay or delayed retry moved from the delay queue: job id + the delay queue's SQS
 *       message id (a pump that crashed between send and delete re-sends the same message id,
 *       which SQS then drops: no double);
 *   <li>a dead-letter replay: job id + the dead letter's SQS message id (same reasoning);
 *   <li>a dead-lettering: job id + the lane message's SQS message id;
 *   <li>a publish of an id whose earlier message this process settled less than five minutes ago
 *       (R8.4: the id is free again, and SQS must not swallow it): job id + a random UUID;
 *   <li>with a shared id store, every enqueue: job id + a random UUID. The store decides what is a
 *       duplicate across processes, and another process may have acked and freed the id seconds
 *       ago, which this process cannot know.
 * </ul>
 *
 * A lease expiry needs no send (the message just becomes visible again), and an immediate release
 * changes visibility. Ids are the raw text when it is a valid SQS token (1 to 128 characters
 * {@code !} to {@code ~}), otherwise a SHA-256 of it; composed ids that would be too long are
 * hashed whole. Thread-safe.
 */
final class FifoIds {

  /** SQS's de-duplication interval. */
  static final long DEDUP_WINDOW_MILLIS = 5 * 60_000L;

  /** Plain-id publishes remembered; past this, publishes use unique ids (safe, less dedup). */
  static final int MAX_REMEMBERED = 1_000_000;

  private final FifoGroup grouping;
  private final boolean sharedIdStore;
  private final LinkedHashMap<String, Long> plainUntil = new LinkedHashMap<>();

  /**
   * @param sharedIdStore whether a shared state store answers idempotent enqueue
   */
  FifoIds(FifoGroup grouping, boolean sharedIdStore) {
    this.grouping = grouping;
    this.sharedIdStore = sharedIdStore;
  }

  /** The message group of job {@code id} of Docket queue {@code queue}. */
  String group(String queue, String id) {
    return token(grouping == FifoGroup.QUEUE ? queue : id);
  }

  /** The group of a dead letter: its own, so a DLQ scan is never blocked by a group in flight. */
  static String deadLetterGroup(String dedupId) {
    return dedupId;
  }

  /**
   * The de-duplication id of the first enqueue of {@code id} (its claim succeeded): the job id
   * alone, unless this process already sent it with that id within the SQS window (it was settled
   * since, so this publish must not be dropped) or a shared store decides duplicates.
   */
  String firstEnqueue(String queue, String id, long nowMillis) {
    if (sharedIdStore) {
      return unique(id);
    }
    String key = queue + '\u0000' + id;
    synchronized (plainUntil) {
      Iterator<Map.Entry<String, Long>> it = plainUntil.entrySet().iterator();
      while (it.hasNext()) {
        if (it.next().getValue() <= nowMillis) {
          it.remove();
        } else {
          break; // insertion order is expiry order
        }
      }
      Long until = plainUntil.get(key);
      if (until != null && until > nowMillis) {
        return unique(id);
      }
      if (plainUntil.size() >= MAX_REMEMBERED) {
        return unique(id);
      }
      plainUntil.put(key, nowMillis + DEDUP_WINDOW_MILLIS);
      return token(id);
    }
  }

  /** The de-duplication id of a move of job {@code id} caused by SQS message {@code sqsId}. */
  static String move(String kind, String id, String sqsId) {
    return composed(id, ":" + kind + ":" + sqsId);
  }

  private static String unique(String id) {
    return composed(id, ":u:" + UUID.randomUUID());
  }

  private static String composed(String id, String suffix) {
    String raw = id + suffix;
    return valid(raw) ? raw : "#" + sha256(id + '\u0000' + suffix);
  }

  /** {@code raw} when SQS accepts it as a group or de-duplication id, else a hash of it. */
  static String token(String raw) {
    return valid(raw) ? raw : "#" + sha256(raw);
  }

  private static boolean valid(String s) {
    if (s.isEmpty() || s.length() > 128) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
