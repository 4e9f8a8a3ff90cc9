package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.Migration;
import dev.docket.MigrationReport;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.spi.WaitingMessage;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.SharedRedis;
import dev.docket.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The {@link Migration} API: memory to Redis with exact accounting (memory:// lives in one
 * process, so this is the API-level test of that pair), and a crash between publishing to the
 * target and acknowledging the source, after which a re-run moves each job exactly once.
 */
class MigrationTest {

  @Test
  void memoryToRedis_movesEveryJobOnceWithWhatItHad() throws Exception {
    URI redis = SharedRedis.uri();
    String prefix = "mig-" + UUID.randomUUID().toString().substring(0, 8);
    String uri = redis + "?keyPrefix=" + prefix;
    String q = "orders";
    Instant now = Instant.now();
    MigrationFixture f = new MigrationFixture(q, Duration.ofHours(1), now);
    try (InMemoryBroker source = InMemoryBroker.create(dev.docket.spi.TimeSource.system());
        Docket target = Docket.connect(uri)) {
      f.seed(source, Duration.ofHours(5));
      // A producer already writes to the target: one of the same ids is there before the move.
      target.broker().publish(q, List.of(f.ready.get(0)));

      MigrationReport report = Migration.builder().from(source).to(target.broker()).queue(q)
          .batch(2).build().run();

      MigrationReport.QueueReport r = report.queues().get(0);
      assertThat(r.ready()).as("%s", r).isEqualTo(3);
      assertThat(r.duplicates()).as("%s", r).isEqualTo(1);
      assertThat(r.delayed()).as("%s", r).isEqualTo(4);
      assertThat(r.dead()).as("%s", r).isEqualTo(1);
      assertThat(r.leftBehind()).as("%s", r).isZero();
      assertThat(report.warnings()).as("Redis dedupes ids on the server").isEmpty();
      assertThat(source.stats(q).ready() + source.stats(q).delayed() + source.stats(q).dead())
          .as("left in the source").isZero();

      Broker t = target.broker();
      List<WaitingMessage> waiting = t.delayedMessages(q, 100);
      List<String> waitingIds = new ArrayList<>();
      for (WaitingMessage w : waiting) {
        waitingIds.add(w.message().id());
        if (w.message().id().equals(f.retryId)) {
          assertThat(w.message().headers()).as("the retry's earlier delivery")
              .containsEntry(Headers.PRIOR_DELIVERIES, "1");
          continue;
        }
        Message m = f.delayed.stream().filter(d -> d.id().equals(w.message().id())).findFirst()
            .orElseThrow();
        assertThat(w.message().body()).isEqualTo(m.body());
        assertThat(w.message().headers()).isEqualTo(m.headers());
        assertThat(w.message().priority()).isEqualTo(m.priority());
        assertThat(Duration.between(m.notBefore(), w.message().notBefore()).abs())
            .as("due time of %s", m.id()).isLessThan(Duration.ofSeconds(1));
      }
      assertThat(waitingIds).containsExactly(f.delayed.get(0).id(), f.delayed.get(1).id(),
          f.delayed.get(2).id(), f.retryId);
      f.checkDead(t.deadLetters().list(q, null, 10).items());

      MigrationReport again = Migration.builder().from(source).to(t).queue(q).build().run();
      assertThat(again.moved()).as("a re-run moves nothing").isZero();
      assertThat(again.queues().get(0).duplicates()).isZero();
      assertThat(t.stats(q).delayed()).isEqualTo(4);
      assertThat(t.stats(q).dead()).isEqualTo(1);
      f.takeReady(t, f.ready, Duration.ofSeconds(10));
    } finally {
      SharedRedis.deleteKeys(redis, prefix);
    }
  }

  @Test
  void crashBetweenPublishAndAck_reRunMovesEachJobOnce() throws Exception {
    ManualClock clock = new ManualClock();
    String q = "crash";
    try (InMemoryBroker source = InMemoryBroker.create(clock);
        InMemoryBroker target = InMemoryBroker.create(clock)) {
      List<Message> jobs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        jobs.add(Message.of("job-" + i, new byte[] {(byte) i}, java.util.Map.of()));
      }
      source.publish(q, jobs);
      AtomicBoolean crashed = new AtomicBoolean();
      Broker crashing = new ForwardingBroker(target) {
        @Override
        public List<PublishOutcome> publish(String queue, List<Message> messages) {
          List<PublishOutcome> out = super.publish(queue, messages);
          if (crashed.compareAndSet(false, true)) {
            throw new IllegalStateException("killed after publish, before ack");
          }
          return out;
        }
      };
      Duration lease = Duration.ofMinutes(1);
      Migration first = Migration.builder().from(source).to(crashing).queue(q).batch(4)
          .lease(lease).time(clock).build();
      assertThatThrownBy(first::run).hasMessageContaining("killed after publish");
      assertThat(target.stats(q).ready()).as("the batch reached the target").isEqualTo(4);
      assertThat(source.stats(q).inFlight()).as("and is still leased on the source")
          .isEqualTo(4);

      clock.advance(lease.plusSeconds(1));
      MigrationReport report = Migration.builder().from(source).to(crashing).queue(q).batch(4)
          .lease(lease).time(clock).build().run();
      MigrationReport.QueueReport r = report.queues().get(0);
      assertThat(r.ready()).as("%s", r).isEqualTo(6);
      assertThat(r.duplicates()).as("%s", r).isEqualTo(4);
      assertThat(r.leftBehind()).as("%s", r).isZero();
      assertThat(source.stats(q).ready() + source.stats(q).inFlight()).isZero();

      List<String> ids = new ArrayList<>();
      List<Delivery> got;
      do {
        got = target.fetch(FetchRequest.of(q, 100, lease, Duration.ZERO));
        got.forEach(d -> ids.add(d.id()));
      } while (!got.isEmpty());
      assertThat(ids).as("each id once on the target").doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(jobs.stream().map(Message::id).toList());
    }
  }
}
