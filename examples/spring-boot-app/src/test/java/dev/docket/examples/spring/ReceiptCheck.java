package dev.docket.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** The check both application tests make, whatever the broker: a requested receipt is sent. */
final class ReceiptCheck {

  private ReceiptCheck() {}

  /**
   * Requests a receipt for {@code order}, waits up to {@code within} for the worker to send it,
   * and expects {@code expected} to be the one receipt sent.
   */
  static void requestAndAwaitSent(Receipts receipts, Receipts.Order order, String expected,
      Duration within) {
    receipts.requestReceipt(order);
    await().atMost(within).until(() -> receipts.sent().size() == 1);
    assertThat(receipts.sent()).containsExactly(expected);
  }
}
