package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R1.9: a large fetch loses nothing. A worker with thousands of free slots (natural with virtual
 * threads) asks for thousands of messages at once; a broker may hand out fewer per call, but
 * whatever it does, every message ends up either delivered to the caller or still ready, never
 * taken out of the queue and handed to nobody. See {@code CONTRACT.md}.
 *
 * @since 0.2
 */
public abstract class LargeFetchContract extends BrokerContract {

  /** The backlog the rule builds unless a fixture says its test server cannot hold it in time. */
  public static final int DEFAULT_BACKLOG = 12_000;
  private static final int PUBLISH_BATCH = 500;

  @Test
  @Tag("required")
  @DisplayName("R1.9 fetches of up to 10,000 from a 12,000 backlog lose nothing: 10,000 leased,"
      + " 2,000 ready, every id delivered exactly once, nothing dead")
  void r1_9_largeFetchLosesNothing() {
    // DEFAULT_BACKLOG unless the fixture lowers it for a test server too slow for it (see
    // TckFixture.largeFetchBacklog()); the failure messages name the size used.
    int total = tckFixture.largeFetchBacklog();
    int toLease = total / 6 * 5;
    assertThat(total).as("R1.9 backlog (must exceed any per-call limit)").isGreaterThan(1_000);
    String q = declared("large");
    Set<String> published = new HashSet<>();
    List<Message> batch = new ArrayList<>(PUBLISH_BATCH);
    for (int i = 0; i < total; i++) {
      Message m = aJob().withBody("b" + i).build();
      published.add(m.id());
      batch.add(m);
      if (batch.size() == PUBLISH_BATCH || i == total - 1) {
        assertThat(broker.publish(q, batch)).as("publish of %s jobs", batch.size())
            .hasSize(batch.size()).containsOnly(PublishOutcome.ACCEPTED);
        batch.clear();
      }
    }

    Map<String, Integer> seen = new HashMap<>();
    List<Delivery> leased = fetchUntil(q, toLease, seen);
    if (caps.exactStats()) {
      assertThatQueue(q).as("after leasing " + toLease + " of " + total)
          .hasCounts(total - toLease, 0, toLease, 0);
    }
    List<Boolean> acked = leased.parallelStream().map(broker::ack).toList();
    assertThat(acked).as("acks of the %s leased", toLease).hasSize(toLease).containsOnly(true);

    List<Delivery> rest = fetchUntil(q, total - toLease, seen);
    assertThat(rest.parallelStream().map(broker::ack).toList())
        .as("acks of the other %s", total - toLease).containsOnly(true);
    assertThat(seen.keySet()).as("ids delivered").isEqualTo(published);
    assertThat(seen.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey)
        .toList()).as("ids delivered more than once").isEmpty();
    if (caps.exactStats()) {
      assertThatQueue(q).as("after acking everything").isEmpty();
    }
    assertThat(broker.deadLetters().list(q, null, 10).items()).as("dead letters").isEmpty();
    assertNothingDue("every job was acked", q);
  }

  /** Fetches with maxMessages = what is still missing until {@code count} arrived. */
  private List<Delivery> fetchUntil(String q, int count, Map<String, Integer> seen) {
    List<Delivery> got = new ArrayList<>(count);
    long deadline = System.nanoTime() + ctx.timeouts().bulk().toNanos();
    while (got.size() < count) {
      int want = count - got.size();
      List<Delivery> batch;
      try {
        batch = broker.fetch(FetchRequest.of(q, want, TckTime.LONG_LEASE, time.fetchWait()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while fetching from " + q, e);
      }
      assertThat(batch.size()).as("a fetch of maxMessages=%s", want).isLessThanOrEqualTo(want);
      for (Delivery d : batch) {
        seen.merge(d.id(), 1, Integer::sum);
      }
      got.addAll(batch);
      boolean giveUp = time.controllable() ? batch.isEmpty() : System.nanoTime() > deadline;
      if (got.size() < count && giveUp) {
        fail("expected " + count + " deliveries from " + q + " but got " + got.size()
            + "; broker state: " + BrokerAssert.describe(broker, q));
      }
    }
    return got;
  }
}
