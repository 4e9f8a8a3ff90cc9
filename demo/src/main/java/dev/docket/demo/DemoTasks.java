package dev.docket.demo;

import dev.docket.JobContext;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import java.time.Duration;

/**
 * The demo's typed task definitions and their handlers. Producers and the worker share the
 * {@link TaskType} constants, so a typo in a task name or an argument type is a compile error.
 */
final class DemoTasks {

  /** A fire-and-forget notification. */
  record Email(String to, String subject) {}

  /** A reminder sent later. */
  record Reminder(String user, String text) {}

  /** A report to render; its queue and message priority decide when it runs. */
  record Report(String name) {}

  /** A stock sync that fails on its first attempt and succeeds on the retry. */
  record InventorySync(String sku) {}

  /** Short backoffs so the demo's retries finish in well under a second. */
  static final RetryPolicy FAST_RETRIES = RetryPolicy.builder()
      .maxRetries(2)
      .initialBackoff(Duration.ofMillis(200))
      .maxBackoff(Duration.ofSeconds(1))
      .jitter(0)
      .build();

  static final TaskType<Email, Void> SEND_EMAIL = TaskType.of("email.send", Email.class);

  static final TaskType<Reminder, Void> SEND_REMINDER =
      TaskType.of("reminder.send", Reminder.class);

  static final TaskType<Report, String> RENDER_REPORT =
      TaskType.of("report.render", Report.class, String.class);

  static final TaskType<InventorySync, Integer> SYNC_INVENTORY =
      TaskType.builder("inventory.sync", InventorySync.class, Integer.class)
          .retryPolicy(FAST_RETRIES)
          .build();

  /** Stands in for real I/O, so jobs overlap the way they would in production. */
  private static final Duration WORK = Duration.ofMillis(20);

  private DemoTasks() {}

  static Void sendEmail(Email email, JobContext ctx) throws InterruptedException {
    Thread.sleep(WORK);
    return null;
  }

  static Void sendReminder(Reminder reminder, JobContext ctx) throws InterruptedException {
    Thread.sleep(WORK);
    return null;
  }

  static String renderReport(Report report, JobContext ctx) throws InterruptedException {
    Thread.sleep(WORK);
    return report.name() + ".pdf";
  }

  static Integer syncInventory(InventorySync sync, JobContext ctx) throws InterruptedException {
    Thread.sleep(WORK);
    if (ctx.attempt() == 1) {
      throw new IllegalStateException("warehouse API timed out (attempt " + ctx.attempt() + ")");
    }
    return 42;
  }
}
