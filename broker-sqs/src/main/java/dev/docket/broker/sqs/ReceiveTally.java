package dev.docket.broker.sqs;

/**
 * What an SQS broker's receives brought ({@link SqsBroker#receiveTally()}): messages per fruitful
 * receive is what fetch batching achieves, apart from the empty long polls an idle worker makes.
 *
 * @param fruitful receives that brought at least one message
 * @param messages messages those receives brought, redeliveries included
 */
public record ReceiveTally(long fruitful, long messages) {
  /** This tally less an earlier one of the same broker. */
  public ReceiveTally minus(ReceiveTally earlier) {
    return new ReceiveTally(fruitful - earlier.fruitful, messages - earlier.messages);
  }
}
