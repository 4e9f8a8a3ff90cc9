package dev.docket.examples.spring;

import dev.docket.Docket;
import dev.docket.EnqueuedJob;
import dev.docket.Task;
import dev.docket.TaskType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Order receipts: {@link #send} runs on the worker; {@link #requestReceipt} enqueues it. */
@Component
public class Receipts {

  /** The task, shared by producers and the handler below. */
  public static final TaskType<Order, Void> SEND =
      TaskType.<Order>of("receipts.send", Order.class).toBuilder().queue("receipts").build();

  /** An order to send a receipt for. */
  public record Order(String id, String email, long totalCents) {}

  private final Docket docket;
  private final List<String> sent = new CopyOnWriteArrayList<>();

  /** Spring injects the auto-configured client. */
  public Receipts(Docket docket) {
    this.docket = docket;
  }

  /** Enqueues a receipt; returns at once. */
  public EnqueuedJob requestReceipt(Order order) {
    return docket.enqueue(SEND, order);
  }

  /** Runs on the worker (a real application would send an e-mail here). */
  @Task(name = "receipts.send", queue = "receipts")
  public void send(Order order) {
    sent.add(order.id() + " -> " + order.email());
  }

  /** Receipts sent by this process so far. */
  public List<String> sent() {
    return List.copyOf(sent);
  }
}
