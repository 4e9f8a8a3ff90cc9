package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.cron.CronTick;
import dev.docket.Docket;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.Task;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.workflow.Workflow;
import dev.docket.workflow.WorkflowFailure;
import dev.docket.workflow.WorkflowStatus;
import dev.docket.broker.inmemory.DocketTestKit;
import dev.docket.demo.WorkflowTasks.Invoice;
import dev.docket.demo.WorkflowTasks.Order;
import dev.docket.demo.WorkflowTasks.Size;
import dev.docket.demo.WorkflowTasks.Thumb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The README tour's "Cron, chains, groups and chords" snippet (text sent with the flow branch),
 * compiled against the real API and run. Lines marked "README" are the snippet as printed.
 */
class WorkflowTourTest {

  static final TaskType<Order, Order> VALIDATE = TaskType.of("orders.validate", Order.class,
      Order.class);
  static final TaskType<Order, Invoice> PRICE = TaskType.of("orders.price", Order.class,
      Invoice.class);
  static final TaskType<Invoice, String> RECEIPT = TaskType.of("orders.receipt", Invoice.class,
      String.class);
  static final TaskType<WorkflowFailure, Void> ALERT = TaskType.of("alerts.workflow",
      WorkflowFailure.class);
  static final TaskType<Size, Thumb> RESIZE = TaskType.of("images.resize", Size.class,
      Thumb.class);

  // README: a chord callback with a typed list argument
  static final TaskType<List<Thumb>, String> PUBLISH =
      TaskType.ofList("gallery.publish", Thumb.class, String.class);

  // README: a cron task
  public static class Reports {
    final List<Instant> ran = new CopyOnWriteArrayList<>();

    @Task(name = "reports.nightly", schedule = "0 2 * * *", zone = "Europe/Paris")
    public void nightly(CronTick tick) {
      ran.add(tick.tick());
    }
  }

  @Test
  void cronTask_runsOnceADayAtTwoInParis() {
    Reports reports = new Reports();
    try (DocketTestKit kit = DocketTestKit.create()) {   // 2030-01-01T00:00Z
      kit.register(reports);
      kit.runDue();
      kit.advance(Duration.ofDays(1));
      // 02:00 in Paris is 01:00 UTC in January.
      assertThat(reports.ran).containsExactly(Instant.parse("2030-01-01T01:00:00Z"));
    }
  }

  @Test
  void chainAndChord_runToTheEnd() {
    List<List<Thumb>> published = new CopyOnWriteArrayList<>();
    try (Docket docket = Docket.connect("memory://")) {
      Worker worker = docket.worker()
          .handle(VALIDATE, (o, c) -> WorkflowTasks.validate(o))
          .handle(PRICE, (o, c) -> WorkflowTasks.price(o))
          .handle(RECEIPT, (i, c) -> WorkflowTasks.receipt(i))
          .handle(ALERT, (f, c) -> null)
          .handle(RESIZE, (s, c) -> WorkflowTasks.resize(s))
          .handle(PUBLISH, (thumbs, c) -> {
            published.add(thumbs);
            return WorkflowTasks.publish(thumbs);
          })
          .build();

      // README: a chain
      EnqueuedWorkflow order = docket.enqueue(
          Workflow.chain(Workflow.step(VALIDATE, new Order("order-42", 3, 1_250)))
              .then(PRICE).then(RECEIPT).onError(ALERT));

      // README: a chord
      EnqueuedWorkflow chord = docket.enqueue(Workflow.chord(Workflow.group(List.of(
          Workflow.step(RESIZE, new Size(64)), Workflow.step(RESIZE, new Size(512)))), PUBLISH));

      worker.runDue();
      // README: status
      WorkflowStatus status = docket.workflowStatus(order.id()).orElseThrow();

      assertThat(status.state()).isEqualTo(WorkflowStatus.State.SUCCEEDED);
      assertThat(docket.workflowResults(order.id(), Object.class))
          .last().isEqualTo("receipt for order-42: 37.50 EUR");
      assertThat(docket.workflowStatus(chord.id()).orElseThrow().state())
          .isEqualTo(WorkflowStatus.State.SUCCEEDED);
      assertThat(published).containsExactly(List.of(new Thumb("cover-64.png", 64),
          new Thumb("cover-512.png", 512)));
    }
  }
}
