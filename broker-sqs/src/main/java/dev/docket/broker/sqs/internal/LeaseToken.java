package dev.docket.broker.sqs.internal;

/**
 * The parts of a {@code Delivery.leaseToken()}: SQS message id, when it was received (for the
 * 12-hour visibility cap) and the receipt handle. Written as {@code id receivedAtMillis handle}.
 *
 * @param messageId the SQS message id
 * @param receivedAtMillis when the receive that produced it was sent
 * @param receiptHandle the SQS receipt handle
 * @param raw the token as handed out
 */
record LeaseToken(String messageId, long receivedAtMillis, String receiptHandle, String raw) {

  static LeaseToken of(String messageId, long receivedAtMillis, String receiptHandle) {
    return new LeaseToken(messageId, receivedAtMillis, receiptHandle,
        messageId + " " + receivedAtMillis + " " + receiptHandle);
  }

  /** Parses a token; a token this broker did not write fails with a clear message. */
  static LeaseToken parse(String raw) {
    String[] parts = raw.split(" ", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not an SQS broker lease token");
    }
    try {
      return new LeaseToken(parts[0], Long.parseLong(parts[1]), parts[2], raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an SQS broker lease token", e);
    }
  }
}
