package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.EnqueuedJob;
import dev.docket.JobHandle;
import dev.docket.JobState;
import dev.docket.OnConflict;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The README tour's "Results, locks and limits" snippet, compiled against the real API and run.
 * Lines marked "README" are the snippet as printed; the rest sets the stage and checks the effect.
 */
class CoordinationTourTest {

  record Order(String id, long cents) {}

  record Receipt(String order, long cents) {}

  record Day(String date) {}

  // README
  static final TaskType<Order, Receipt> CHARGE =
      TaskType.builder("payment.charge", Order.class, Receipt.class)
          .idempotencyKey(Order::id, Duration.ofHours(24))  // a repeat returns the first receipt
          .maxConcurrency(4)                                 // at most 4 at once, across all workers
          .rateLimit(100, Duration.ofMinutes(1))             // at most 100 starts a minute
          .build();

  // README
  static final TaskType<Day, Void> NIGHTLY =
      TaskType.builder("report.nightly", Day.class, Void.class)
          .singleton(OnConflict.SKIP)                        // one at a time; a second is skipped
          .build();

  @Test
  void resultsLocksAndLimits_asInTheTour() {
    AtomicInteger charges = new AtomicInteger();
    try (Docket docket = Docket.connect("memory://");
        Worker worker = docket.worker()
            .handle(CHARGE, (order, ctx) -> {
              charges.incrementAndGet();
              return new Receipt(order.id(), order.cents());
            })
            .handle(NIGHTLY, (day, ctx) -> null)
            .start()) {
      // README
      EnqueuedJob job = docket.enqueue(CHARGE, new Order("o-7", 4_999));
      JobHandle<Receipt> handle = docket.job(CHARGE, job.id());
      handle.state();                                          // PENDING, STARTED, ..., SUCCESS
      Receipt receipt = handle.result(Duration.ofSeconds(30)); // JobFailedException on failure

      assertThat(receipt).isEqualTo(new Receipt("o-7", 4_999));
      assertThat(handle.state()).contains(JobState.SUCCESS);

      // The same order again: the body does not run, the first receipt comes back.
      EnqueuedJob again = docket.enqueue(CHARGE, new Order("o-7", 4_999));
      assertThat(docket.job(CHARGE, again.id()).result(Duration.ofSeconds(30)))
          .isEqualTo(new Receipt("o-7", 4_999));
      assertThat(charges).hasValue(1);

      EnqueuedJob nightly = docket.enqueue(NIGHTLY, new Day("2030-01-01"));
      docket.job(NIGHTLY, nightly.id()).result(Duration.ofSeconds(30));
      assertThat(docket.job(NIGHTLY, nightly.id()).state()).contains(JobState.SUCCESS);
    }
  }
}
