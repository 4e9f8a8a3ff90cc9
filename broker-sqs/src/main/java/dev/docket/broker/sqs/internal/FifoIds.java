package dev.docket.broker.sqs.internal;

import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * MessageGroupId and MessageDeduplicationId of the messages sent to FIFO lanes and dead-letter
 * queues.
 *
 * <p>SQS drops, for five minutes, every send whose de-duplication id it has seen in that queue, and
 * still answers it with success. A job id alone would therefore swallow a legitimate re-enqueue of
 * an id that was acked and freed seconds ago in another process (a lost job reported as
 * accepted). So no send is keyed on the job id alone; what SQS's window still buys is that the
 * SDK's own retry of one request (same id) cannot double it. Every send gets an id that is new
 * for that send or move:
 *
 * <ul>
 *   <li>a due delay or delayed retry moved from the delay queue: job id + the delay queue's SQS
 *       message id (a pump that crashed between send and delete re-sends the same message id,
 *       which SQS then drops: no double);
 *   <li>a dead-letter replay: job id + the dead letter's SQS message id (same reasoning);
 *   <li>a dead-lettering: job id + the lane message's SQS message id;
 *   <li>an enqueue: job id + a random UUID. Duplicates are decided before the send, by this
 *       process's live ids or, across processes, by the shared id store ({@code idStore}).
 * </ul>
 *
 * A lease expiry needs no send (the message just becomes visible again), and an immediate release
 * changes visibility. Ids are the raw text when it is a valid SQS token (1 to 128 characters
 * {@code !} to {@code ~}), otherwise a SHA-256 of it; composed ids that would be too long are
 * hashed whole. Thread-safe.
 */
final class FifoIds {

  private final FifoGroup grouping;

  FifoIds(FifoGroup grouping) {
    this.grouping = grouping;
  }

  /** The message group of job {@code id} of Docket queue {@code queue}. */
  String group(String queue, String id) {
    return token(grouping == FifoGroup.QUEUE ? queue : id);
  }

  /** The group of a dead letter: its own, so a DLQ scan is never blocked by a group in flight. */
  static String deadLetterGroup(String dedupId) {
    return dedupId;
  }

  /** The de-duplication id of an enqueue of {@code id}: new for every send. */
  static String enqueue(String id) {
    return unique(id);
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
