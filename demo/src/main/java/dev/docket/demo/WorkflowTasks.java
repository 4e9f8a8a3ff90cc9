package dev.docket.demo;

import dev.docket.cron.CronTick;
import dev.docket.TaskType;
import dev.docket.workflow.WorkflowFailure;
import java.util.List;
import java.util.Locale;

/**
 * The demo's workflow tasks: an order pipeline (a chain), thumbnails published together (a chord)
 * and a metrics snapshot taken every second (a cron schedule). Each name is prefixed per run, so
 * a run on a shared broker never runs another run's jobs.
 */
final class WorkflowTasks {

  /** An order as the shop receives it. */
  record Order(String id, int items, long unitCents) {}

  /** A priced order. */
  record Invoice(String order, long totalCents) {}

  /** A thumbnail size to render. */
  record Size(int width) {}

  /** A rendered thumbnail. */
  record Thumb(String name, int width) {}

  final TaskType<Order, Order> validate;
  final TaskType<Order, Invoice> price;
  final TaskType<Invoice, String> receipt;
  final TaskType<Size, Thumb> resize;
  final TaskType<List<Thumb>, String> publish;
  final TaskType<WorkflowFailure, Void> alert;
  final TaskType<CronTick, Void> snapshot;

  WorkflowTasks(String queue) {
    validate = TaskType.builder("orders.validate", Order.class, Order.class).queue(queue).build();
    price = TaskType.builder("orders.price", Order.class, Invoice.class).queue(queue).build();
    receipt = TaskType.builder("orders.receipt", Invoice.class, String.class).queue(queue)
        .build();
    resize = TaskType.builder("images.resize", Size.class, Thumb.class).queue(queue).build();
    publish = TaskType.listBuilder("gallery.publish", Thumb.class, String.class).queue(queue)
        .build();
    alert = TaskType.builder("alerts.workflow", WorkflowFailure.class, Void.class).queue(queue)
        .build();
    snapshot = TaskType.builder("metrics.snapshot", CronTick.class, Void.class).queue(queue)
        .build();
  }

  static Order validate(Order order) {
    if (order.items() <= 0) {
      throw new IllegalArgumentException("order " + order.id() + " has no items");
    }
    return order;
  }

  static Invoice price(Order order) {
    return new Invoice(order.id(), order.items() * order.unitCents());
  }

  static String receipt(Invoice invoice) {
    return String.format(Locale.ROOT, "receipt for %s: %d.%02d EUR", invoice.order(),
        invoice.totalCents() / 100, invoice.totalCents() % 100);
  }

  static Thumb resize(Size size) {
    return new Thumb("cover-" + size.width() + ".png", size.width());
  }

  static String publish(List<Thumb> thumbs) {
    return "published " + thumbs.stream().map(Thumb::name).toList();
  }
}
