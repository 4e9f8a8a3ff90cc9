package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.DeadJob;
import dev.docket.DeadLetterQueue;
import dev.docket.Docket;
import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.RetryPolicy;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R7: the dead-letter queue keeps a message's original bytes and its failure; lists with paging,
 * oldest first; replays by id, task or all; purges for good. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class DeadLetterContract extends BrokerContract {

  /** Publishes {@code messages}, takes each and dead-letters it, in order. */
  private List<Message> killAll(String q, List<Message> messages) {
    for (Message m : messages) {
      publish(q, m);
      Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
      assertThat(d.id()).isEqualTo(m.id());
      assertThat(broker.deadLetter(d, aFailure("failed " + m.id())))
          .as("deadLetter of a live delivery").isTrue();
      // Distinct failure instants keep "oldest first" meaningful on a manual clock.
      time.advance(Duration.ofMillis(time.controllable() ? 1000 : 5));
    }
    return messages;
  }

  @Test
  @Tag("required")
  @DisplayName("R7.1 a dead-lettered message keeps its original bytes, headers, priority and the"
      + " failure, and leaves the queue")
  void r7_1_deadLetterKeepsEverything() {
    String q = declared("main");
    Message m = aJob().withBody(new byte[] {0, (byte) 0xFF, 'x', 10}).withPriority(7)
        .withTask("tck.kept").withHeader("x-tenant", "t1").build();
    publish(q, m);
    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    JobFailure failure = aFailure("kept for inspection");
    assertThat(broker.deadLetter(d, failure)).isTrue();

    assertThatQueue(q).as("after dead-lettering").hasCounts(0, 0, 0, 1);
    assertNothingDue("the only message is dead", q);
    List<DeadLetter> items = broker.deadLetters().list(q, null, 10).items();
    assertThat(items).hasSize(1);
    DeadLetter dead = items.get(0);
    assertThat(dead.id()).isEqualTo(m.id());
    assertThat(dead.queue()).isEqualTo(q);
    assertThat(dead.body()).as("original bytes").isEqualTo(m.body());
    assertThat(dead.headers()).as("original headers").containsAllEntriesOf(m.headers());
    assertThat(dead.priority()).isEqualTo(7);
    assertThat(dead.enqueuedAt()).isEqualTo(d.enqueuedAt());
    assertThat(dead.failure()).as("the failure as given").isEqualTo(failure);
  }

  @Test
  @Tag("required")
  @DisplayName("R7.2 dead letters list oldest first in pages; the last page has no cursor")
  void r7_2_listPagesOldestFirst() {
    String q = declared("main");
    List<Message> dead = killAll(q, List.of(aJob().build(), aJob().build(), aJob().build(),
        aJob().build(), aJob().build()));
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<DeadLetter> page = broker.deadLetters().list(q, cursor, 2);
      sizes.add(page.items().size());
      page.items().forEach(l -> seen.add(l.id()));
      cursor = page.nextCursor();
      assertThat(++pages).as("pages for 5 dead letters at 2 per page").isLessThanOrEqualTo(3);
    } while (cursor != null);
    assertThat(sizes).as("page sizes").containsExactly(2, 2, 1);
    assertThat(seen).as("ids over all pages, oldest first")
        .containsExactlyElementsOf(dead.stream().map(Message::id).toList());
  }

  @Test
  @Tag("required")
  @DisplayName("R7.3 replaying one dead letter makes it deliverable again, intact, with a fresh"
      + " delivery count; the others stay dead")
  void r7_3_replayOne() {
    String q = declared("main");
    List<Message> dead = killAll(q, List.of(aJob().withPriority(2).build(), aJob().build()));
    Message target = dead.get(0);
    assertThat(broker.deadLetters().replay(q, DeadLetterFilter.ids(target.id())))
        .as("replay by id").isEqualTo(1);

    Delivery d = awaitDelivery(q, TckTime.LONG_LEASE);
    assertThat(d.id()).isEqualTo(target.id());
    assertThat(d.body()).isEqualTo(target.body());
    assertThat(d.headers()).containsAllEntriesOf(target.headers());
    assertThat(d.priority()).isEqualTo(2);
    assertThat(d.deliveryCount()).as("delivery count restarts after a replay").isEqualTo(1);
    assertThat(broker.deadLetters().list(q, null, 10).items()).extracting(DeadLetter::id)
        .containsExactly(dead.get(1).id());
  }

  @Test
  @Tag("required")
  @DisplayName("R7.4 replay-all and replay-by-task move exactly the matching dead letters back")
  void r7_4_replayAllAndByTask() {
    String q = declared("main");
    List<Message> dead = killAll(q, List.of(aJob().withTask("tck.a").build(),
        aJob().withTask("tck.b").build(), aJob().withTask("tck.a").build()));
    assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("tck.a")))
        .as("replay of task tck.a").isEqualTo(2);
    List<Delivery> back = awaitDeliveries(List.of(q), 2, TckTime.LONG_LEASE);
    assertThat(back).extracting(Delivery::id)
        .containsExactlyInAnyOrder(dead.get(0).id(), dead.get(2).id());
    assertThatQueue(q).hasDead(1);

    assertThat(broker.deadLetters().replay(q, DeadLetterFilter.all())).as("replay all")
        .isEqualTo(1);
    assertThat(awaitDelivery(q, TckTime.LONG_LEASE).id()).isEqualTo(dead.get(1).id());
    assertThatQueue(q).hasDead(0);
  }

  @Test
  @Tag("required")
  @DisplayName("R7.5 purging dead letters by id or all deletes them for good")
  void r7_5_purgeDeletesForGood() {
    String q = declared("main");
    List<Message> dead = killAll(q, List.of(aJob().build(), aJob().build(), aJob().build()));
    assertThat(broker.deadLetters().purge(q, DeadLetterFilter.ids(dead.get(1).id())))
        .as("purge by id").isEqualTo(1);
    assertThat(broker.deadLetters().list(q, null, 10).items()).extracting(DeadLetter::id)
        .containsExactly(dead.get(0).id(), dead.get(2).id());
    assertThat(broker.deadLetters().purge(q, DeadLetterFilter.all())).as("purge all")
        .isEqualTo(2);
    assertThat(broker.deadLetters().list(q, null, 10).items()).isEmpty();
    assertThat(broker.deadLetters().replay(q, DeadLetterFilter.all()))
        .as("replay after purge finds nothing").isZero();
    assertNothingDue("every dead letter was purged", q);
    assertThatQueue(q).hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R7.6 a job that fails in a worker is dead-lettered with its original bytes and the"
      + " error class, message, stack trace, attempts and worker id; replay then runs it")
  void r7_6_runtimeFailureIsDeadLetteredAndReplayable() {
    String q = declared("main");
    List<byte[]> published = new ArrayList<>();
    RecordingBroker recording = new RecordingBroker(broker, published);
    Docket client = Docket.builder().broker(recording).clock(time.clock())
        .build();
    TaskType<TckArgs, Void> task = TaskType.builder("tck.fragile", TckArgs.class, Void.class)
        .queue(q).retryPolicy(RetryPolicy.none()).build();
    AtomicBoolean fixed = new AtomicBoolean();
    Worker worker = track(client.worker().queues(q).lease(TckTime.LONG_LEASE)
        .workerId("tck-dlq-worker").handle(task, (a, c) -> {
          if (!fixed.get()) {
            throw new IllegalStateException("downstream is down");
          }
          return null;
        }).build());
    client.enqueue(task, new TckArgs("payload"));
    assertThat(runDue(worker, 1)).isEqualTo(1);

    DeadLetterQueue dlq = client.deadLetters(q);
    List<DeadJob> jobs = dlq.list().items();
    assertThat(jobs).as("dead jobs after a failure with retries off").hasSize(1);
    DeadJob job = jobs.get(0);
    assertThat(job.body()).as("original bytes").isEqualTo(published.get(0));
    assertThat(job.task()).isEqualTo("tck.fragile");
    assertThat(job.failure().errorClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(job.failure().message()).contains("downstream is down");
    assertThat(job.failure().stackTrace()).contains("IllegalStateException");
    assertThat(job.failure().attempts()).isEqualTo(1);
    assertThat(job.failure().workerId()).isEqualTo("tck-dlq-worker");

    fixed.set(true);
    assertThat(dlq.replay(job.id())).as("replay of the dead job").isTrue();
    assertThat(runDue(worker, 1)).as("runs after replay").isEqualTo(1);
    assertThatQueue(q).as("after the replayed job succeeded").hasCounts(0, 0, 0, 0);
  }

  /** Records the bodies published through it, to compare with what the DLQ keeps. */
  private static final class RecordingBroker extends ForwardingBroker {
    private final List<byte[]> bodies;

    RecordingBroker(Broker delegate, List<byte[]> bodies) {
      super(delegate);
      this.bodies = bodies;
    }

    @Override
    public List<PublishOutcome> publish(String queue, List<Message> messages) {
      messages.forEach(m -> bodies.add(m.body().clone()));
      return super.publish(queue, messages);
    }
  }
}
