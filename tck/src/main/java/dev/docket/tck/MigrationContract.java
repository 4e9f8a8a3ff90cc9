package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Page;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.WaitingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R15: what a migration ({@code dev.docket.Migration}, {@code docket migrate}) needs beyond the
 * runtime's calls: reading delayed jobs whole and deleting waiting jobs by id ({@code
 * moveWaiting}), and restoring dead letters taken from another broker ({@code
 * restoreDeadLetters}). A broker that cannot declares it and refuses the calls saying why. See
 * {@code CONTRACT.md}.
 *
 * @since 0.5
 */
public abstract class MigrationContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R15.1 a broker that does not declare moveWaiting or restoreDeadLetters refuses"
      + " those calls with UnsupportedOperationException saying why")
  void r15_1_undeclaredMovesSayWhy() {
    String q = declared("main");
    if (!caps.moveWaiting()) {
      assertThatThrownBy(() -> broker.delayedMessages(q, 10))
          .as("delayedMessages() of a broker without moveWaiting")
          .isInstanceOf(UnsupportedOperationException.class)
          .satisfies(e -> assertThat(e.getMessage()).as("the reason").isNotBlank());
      assertThatThrownBy(() -> broker.removeWaiting(q, List.of("any")))
          .as("removeWaiting() of a broker without moveWaiting")
          .isInstanceOf(UnsupportedOperationException.class);
    }
    if (!caps.restoreDeadLetters()) {
      assertThatThrownBy(() -> broker.deadLetters().restore(q, List.of(letter(q, "any"))))
          .as("restore() of a broker without restoreDeadLetters")
          .isInstanceOf(UnsupportedOperationException.class)
          .satisfies(e -> assertThat(e.getMessage()).as("the reason").isNotBlank());
    }
  }

  @Test
  @Tag("optional")
  @DisplayName("R15.2 delayedMessages() reads delayed jobs whole by due time without leasing"
      + " them; removeWaiting() deletes ready and delayed jobs by id, never a leased one")
  void r15_2_readsAndRemovesWaiting() {
    String q = declaredIf("move", caps.moveWaiting(), "moveWaiting", "R15.2 (moving waiting jobs)");
    Instant now = time.now();
    Message late = aJob().withId("late").withBody("late-body").withHeader("h", "2")
        .withPriority(3).notBefore(now.plus(Duration.ofHours(2))).build();
    Message soon = aJob().withId("soon").withBody("soon-body").withHeader("h", "1")
        .withPriority(7).notBefore(now.plus(Duration.ofHours(1))).build();
    publish(q, late);
    publish(q, soon);
    publish(q, aJob().withId("leased").build());
    Delivery leased = awaitDelivery(q, TckTime.LONG_LEASE);
    publish(q, aJob().withId("ready").build());

    List<WaitingMessage> read = broker.delayedMessages(q, 10);
    assertThat(read).as("delayed jobs of %s, by due time", q)
        .extracting(w -> w.message().id()).containsExactly("soon", "late");
    Message first = read.get(0).message();
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("soon-body");
    assertThat(first.headers()).containsAllEntriesOf(Map.of("h", "1"));
    assertThat(first.priority()).isEqualTo(7);
    Instant due = now.plus(Duration.ofHours(1));
    assertThat(first.notBefore()).as("due time of soon").isNotNull();
    assertThat(Duration.between(due, first.notBefore()).abs())
        .as("distance of soon's due time %s from %s", first.notBefore(), due)
        .isLessThanOrEqualTo(caps.delayTolerance().plusMillis(1));
    assertThat(read.get(0).deliveries()).as("deliveries of a never delivered job").isZero();
    assertThat(broker.delayedMessages(q, 1)).as("a limit of 1").hasSize(1);
    assertThatQueue(q).hasReady(1).hasDelayed(2).hasInFlight(1);

    Set<String> removed = broker.removeWaiting(q, List.of("soon", "ready", leased.id(), "none"));
    assertThat(removed).as("ids removeWaiting() deleted")
        .containsExactlyInAnyOrder("soon", "ready");
    assertThatQueue(q).hasReady(0).hasDelayed(1).hasInFlight(1);
    assertThat(broker.ack(leased)).as("the leased job is still leased").isTrue();
    assertThat(broker.delayedMessages(ctx.queue("never"), 10)).as("a queue never declared")
        .isEmpty();
  }

  @Test
  @Tag("optional")
  @DisplayName("R15.3 restore() stores dead letters with their failure, bytes, headers and"
      + " priority; restoring them again stores nothing")
  void r15_3_restoresDeadLetters() {
    requireCapability(caps.restoreDeadLetters(), "restoreDeadLetters",
        "R15.3 (restoring dead letters)");
    String q = declared("restore");
    List<DeadLetter> letters = List.of(letter(q, "d1"), letter(q, "d2"));
    assertThat(broker.deadLetters().restore(q, letters)).as("letters stored").isEqualTo(2);
    assertThat(broker.deadLetters().restore(q, letters)).as("stored again").isZero();
    Page<DeadLetter> page = broker.deadLetters().list(q, null, 10);
    assertThat(page.items()).extracting(DeadLetter::id).containsExactly("d1", "d2");
    DeadLetter d = page.items().get(0);
    assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("body-d1");
    assertThat(d.headers()).containsEntry("h", "d1");
    assertThat(d.priority()).isEqualTo(4);
    assertThat(d.failure().message()).isEqualTo("failed d1");
    assertThat(d.failure().attempts()).isEqualTo(3);
    assertThatQueue(q).hasDead(2);
  }

  private DeadLetter letter(String queue, String id) {
    return new DeadLetter(queue, id, ("body-" + id).getBytes(StandardCharsets.UTF_8),
        Map.of("h", id), 4, time.now().minusSeconds(60), aFailure("failed " + id));
  }
}
