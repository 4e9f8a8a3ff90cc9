package dev.docket.spi;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of a {@link JobFailure}, for brokers and stores that keep failures in JSON:
 * {@code reason, errorClass, message, stackTrace, attempts, failedAt (ISO-8601), workerId}.
 */
public final class FailureJson {

  private FailureJson() {}

  /** Writes {@code failure}'s fields into {@code target} and returns it. */
  public static ObjectNode write(JobFailure failure, ObjectNode target) {
    target.put("reason", failure.reason().name());
    target.put("errorClass", failure.errorClass());
    target.put("message", failure.message());
    target.put("stackTrace", failure.stackTrace());
    target.put("attempts", failure.attempts());
    target.put("failedAt", failure.failedAt().toString());
    target.put("workerId", failure.workerId());
    return target;
  }

  /**
   * Reads a failure written by {@link #write}; throws {@link IllegalArgumentException} naming the
   * field that is missing or malformed.
   */
  public static JobFailure read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a job failure must be a JSON object");
    }
    String reason = text(node, "reason");
    FailureReason r;
    try {
      r = FailureReason.valueOf(reason);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job failure field 'reason' is unknown: " + reason, e);
    }
    JsonNode attempts = node.get("attempts");
    if (attempts == null || !attempts.isInt()) {
      throw new IllegalArgumentException("job failure field 'attempts' is not an integer");
    }
    Instant failedAt;
    try {
      failedAt = Instant.parse(text(node, "failedAt"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("job failure field 'failedAt' is not an instant", e);
    }
    return new JobFailure(r, text(node, "errorClass"), text(node, "message"),
        text(node, "stackTrace"), attempts.intValue(), failedAt, text(node, "workerId"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isString()) {
      throw new IllegalArgumentException("job failure field '" + field + "' is not text");
    }
    return v.stringValue();
  }
}
