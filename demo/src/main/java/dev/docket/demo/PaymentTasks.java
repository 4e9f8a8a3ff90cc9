package dev.docket.demo;

import dev.docket.JobContext;
import dev.docket.Task;

/**
 * A handler object in the annotation style: {@code @Task} declares the task name and its retry
 * policy next to the code. The charge always fails, so the job exhausts its retries and lands in
 * the dead-letter queue.
 */
public final class PaymentTasks {

  /** The task name producers use to enqueue a charge. */
  public static final String CHARGE = "payment.charge";

  /** A charge request. */
  public record Charge(String order, long cents) {}

  /** Charges a card; the demo's card is always declined. */
  @Task(name = CHARGE, maxRetries = 2, initialBackoff = "PT0.2S", maxBackoff = "PT1S")
  @SuppressWarnings("DoNotCallSuggester") // the worker calls it; failing is its demo role
  public void charge(Charge charge, JobContext ctx) {
    throw new IllegalStateException("card declined for order " + charge.order() + " (attempt "
        + ctx.attempt() + " of " + (ctx.maxRetries() + 1) + ")");
  }
}
