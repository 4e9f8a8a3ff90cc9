package dev.docket.broker.sqs.internal;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;

/**
 * What SQS answered for one entry of a batch request (send, delete, visibility change). A batch
 * request succeeds as a whole even when some of its entries were refused; each entry must be
 * read on its own.
 *
 * @param code SQS's error code, or {@code null} when the entry succeeded
 * @param message SQS's error text, empty on success
 * @param permanent whether repeating the same entry cannot succeed: SQS marked it a sender fault
 *     (a bad parameter, a stale receipt handle), as opposed to an internal error or throttling
 * @param unknown whether the whole request failed (network, timeout), so SQS may or may not
 *     have applied the entry
 * @param wholeRequest whether SQS refused the request as a whole rather than this entry (access
 *     denied, a missing queue): nothing about this entry is known to be wrong
 */
record EntryResult(@Nullable String code, String message, boolean permanent, boolean unknown,
    boolean wholeRequest) {

  static final EntryResult OK = new EntryResult(null, "", false, false, false);

  EntryResult(@Nullable String code, String message, boolean permanent, boolean unknown) {
    this(code, message, permanent, unknown, false);
  }

  static EntryResult of(BatchResultErrorEntry e) {
    return new EntryResult(e.code() == null ? "Unknown" : e.code(),
        e.message() == null ? "" : e.message(), Boolean.TRUE.equals(e.senderFault()), false);
  }

  /** The request holding the entry failed; {@code definite}: SQS answered with an error. */
  static EntryResult failed(RuntimeException e, boolean definite) {
    return new EntryResult(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
        definite, !definite, true);
  }

  boolean ok() {
    return code == null;
  }

  /** Worth repeating: refused for a transient reason, or lost in a failed request. */
  boolean retryable() {
    return !ok() && !permanent;
  }

  /** For messages: the code and SQS's text. */
  String describe() {
    return ok() ? "ok" : code + (message.isEmpty() ? "" : ": " + message);
  }
}
