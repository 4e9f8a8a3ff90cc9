package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R5: strict queue order inside one fetch request, message priority inside a queue, and FIFO
 * among equals. Orders are checked one delivery at a time ({@code maxMessages = 1}) so a broker
 * is judged on what it hands out first, not on how it orders a batch. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class PriorityContract extends BrokerContract {

  /** The next delivery from {@code queues}, fetched in that order. */
  private Delivery next(String... queues) {
    return awaitDeliveries(List.of(queues), 1, TckTime.LONG_LEASE).get(0);
  }

  /** Publishes {@code count} messages {@code job} makes to {@code q}; returns their ids. */
  private List<String> publishAll(String q, int count, Supplier<Message> job) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Message m = job.get();
      publish(q, m);
      ids.add(m.id());
    }
    return ids;
  }

  /** A high and a low queue of this test, declared; its fetches name the high one first. */
  private final class HighThenLow {
    final String high = declared("high");
    final String low = declared("low");

    /** The next delivery of a fetch over [high, low]. */
    Delivery next() {
      return PriorityContract.this.next(high, low);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("R5.1 a fetch over several queues drains an earlier queue before any message of a"
      + " later one")
  void r5_1_queueOrderIsStrict() {
    HighThenLow queues = new HighThenLow();
    // Low first, so a broker that serves by arrival rather than queue order fails.
    List<String> lows = publishAll(queues.low, 3, () -> aJob().build());
    List<String> highs = publishAll(queues.high, 3, () -> aJob().build());
    List<String> order = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Delivery d = queues.next();
      order.add(d.queue());
      ids.add(d.id());
    }
    assertThat(order).as("queues of successive deliveries for fetch order [high, low]")
        .containsExactly(queues.high, queues.high, queues.high, queues.low, queues.low,
            queues.low);
    assertThat(ids.subList(0, 3)).as("the first three deliveries are the high messages")
        .containsExactlyInAnyOrderElementsOf(highs);
    assertThat(ids.subList(3, 6)).as("then the low messages")
        .containsExactlyInAnyOrderElementsOf(lows);
  }

  @Test
  @Tag("required")
  @DisplayName("R5.2 a later queue of a fetch request is served when the earlier ones are empty")
  void r5_2_laterQueueServedWhenEarlierEmpty() {
    HighThenLow queues = new HighThenLow();
    Message m = aJob().build();
    publish(queues.low, m);
    Delivery d = queues.next();
    assertThat(d.queue()).isEqualTo(queues.low);
    assertThat(d.id()).isEqualTo(m.id());
  }

  @Test
  @Tag("optional")
  @DisplayName("R5.3 a higher-priority message is delivered before a lower one published earlier")
  void r5_3_higherPriorityFirst() {
    String q = declaredIf("main", caps.messagePriority(), "messagePriority", "R5.3");
    Message low = aJob().withPriority(0).build();
    Message high = aJob().withPriority(Message.MAX_PRIORITY).build();
    publish(q, low);
    publish(q, high);
    assertThat(next(q).id()).as("first delivery: the priority-9 message").isEqualTo(high.id());
    assertThat(next(q).id()).isEqualTo(low.id());
  }

  @Test
  @Tag("optional")
  @DisplayName("R5.4 all ten priority levels are delivered highest first")
  void r5_4_allPriorityLevelsInOrder() {
    String q = declaredIf("main", caps.priorityLevels() >= 10, "priorityLevels = 10", "R5.4");
    List<Integer> priorities = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    Collections.shuffle(priorities, new Random(42));
    for (int p : priorities) {
      publish(q, aJob().withPriority(p).build());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      order.add(next(q).priority());
    }
    assertThat(order).as("priorities in delivery order (published as %s)", priorities)
        .containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  }

  @Test
  @Tag("optional")
  @DisplayName("R5.5 messages of equal priority are delivered in publish order (FIFO)")
  void r5_5_fifoWithinEqualPriority() {
    String q = declaredIf("main", caps.fifo(), "fifo", "R5.5");
    List<String> published = publishAll(q, 20, () -> aJob().withPriority(4).build());
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      delivered.add(next(q).id());
    }
    assertThat(delivered).as("delivery order of 20 equal-priority messages")
        .containsExactlyElementsOf(published);
  }

  @Test
  @Tag("required")
  @DisplayName("R5.6 a worker runs the jobs of its first queue before those of later queues")
  void r5_6_workerHonoursQueueOrder() {
    HighThenLow queues = new HighThenLow();
    TaskType<TckArgs, Void> task = plainTask("tck.order", queues.low);
    List<String> ran = new CopyOnWriteArrayList<>();
    Worker worker = track(docket().worker().queues(queues.high, queues.low)
        .lease(TckTime.LONG_LEASE).handle(task, (a, c) -> {
          ran.add(a.value());
          return null;
        }).build());
    for (int i = 0; i < 3; i++) {
      docket().enqueue(task, new TckArgs("low"),
          EnqueueOptions.builder().queue(queues.low).build());
    }
    for (int i = 0; i < 3; i++) {
      docket().enqueue(task, new TckArgs("high"),
          EnqueueOptions.builder().queue(queues.high).build());
    }
    assertThat(runDue(worker, 6)).isEqualTo(6);
    assertThat(ran).as("jobs in run order for worker queues [high, low]")
        .containsExactly("high", "high", "high", "low", "low", "low");
  }
}
