package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.Page;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 10.3: reading the DLQ never changes or endangers a dead letter, and pages. */
@Tag("serial") // uses the fixed private node on port 5681: runs alone (broker-rabbitmq/pom.xml)
class DeadLetterWalkTest extends CoreTestBase {

  DeadLetterWalkTest() {
    super("test-dlq-");
  }

  private String queue(String name) {
    return queueName(name);
  }

  private static JobFailure failure(int i) {
    return new JobFailure(FailureReason.RETRIES_EXHAUSTED, "x.Boom", "boom " + i, "stack " + i,
        3, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "worker-" + i);
  }

  /** Dead-letters {@code n} jobs through the broker, in order. */
  private void kill(String q, int n) throws InterruptedException {
    List<Message> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(Message.of("dead-" + i, ("body " + i).getBytes(StandardCharsets.UTF_8),
          Map.of("k", "v" + i)));
    }
    broker.publish(q, jobs);
    int done = 0;
    while (done < n) {
      for (Delivery d : broker.fetch(FetchRequest.of(q, n, Duration.ofMinutes(5),
          Duration.ofSeconds(5)))) {
        int i = Integer.parseInt(d.id().substring(5));
        assertThat(broker.deadLetter(d, failure(i))).isTrue();
        done++;
      }
    }
  }

  private static void assertIntact(List<DeadLetter> letters, int n) {
    assertThat(letters).extracting(DeadLetter::id)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n)
            .mapToObj(i -> "dead-" + i).toList());
    for (int i = 0; i < n; i++) {
      DeadLetter l = letters.get(i);
      assertThat(new String(l.body(), StandardCharsets.UTF_8)).isEqualTo("body " + i);
      assertThat(l.headers()).containsEntry("k", "v" + i);
      assertThat(l.failure()).isEqualTo(failure(i));
    }
  }

  @Test
  @DisplayName("issue 10.3: 30 listings leave every letter as it was, on a DLQ with a delivery"
      + " limit of 2")
  void item3_listingNeverWearsOutALetter() throws Exception {
    // A quorum DLQ with a small delivery limit (as RabbitMQ 4.x's default of 20 would be): a
    // letter returned to it more often than that is dropped. Set by a policy, on a private node.
    try (PrivateNode node = PrivateNode.start()) {
      node.ctl("set_policy", "--apply-to", "queues", "dlq-limit", "^test-dlq-.*~dlq$",
          "{\"delivery-limit\":2}");
      reopen(RabbitBrokerConfig.builder().uri(node.uri()).build());
      try {
        listTimes(queue("worn"));
      } finally {
        deleteQueues();
      }
    }
  }

  private void listTimes(String q) throws Exception {
    broker.declareQueue(q);
    kill(q, 5);
    for (int round = 0; round < 30; round++) {
      assertIntact(broker.deadLetters().list(q, null, 10).items(), 5);
    }
    // Paged listings too.
    for (int round = 0; round < 5; round++) {
      List<DeadLetter> all = new ArrayList<>();
      String cursor = null;
      do {
        Page<DeadLetter> page = broker.deadLetters().list(q, cursor, 2);
        all.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor != null);
      assertIntact(all, 5);
    }
    assertThat(broker.stats(q).dead()).isEqualTo(5);
    // Purge and replay walk the DLQ too: what they leave stays intact.
    assertThat(broker.deadLetters().purge(q, DeadLetterFilter.all())).isEqualTo(5);
    assertThat(broker.stats(q).dead()).isZero();
  }

  /** Publishes {@code n} letters straight to the DLQ of {@code q}, in order. */
  private void fillDlq(String q, int n, String task) {
    Instant now = Instant.now();
    for (int start = 0; start < n; start += 500) {
      List<Outgoing> batch = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + 500); i++) {
        Stored s = new Stored(q, "dead-" + i, ("body " + i).getBytes(StandardCharsets.UTF_8),
            Map.of("k", "v" + i, dev.docket.spi.Headers.TASK, i % 10 == 0 ? "other" : task), 0,
            now, 0, 0, null, failure(i));
        batch.add(Outgoing.toQueue(Topology.deadLetters(q), s));
      }
      broker.publisher().publish(batch);
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> broker.stats(q).dead() == n);
  }

  @Test
  @DisplayName("issue 10.3: a DLQ of 5,000 letters is listed a page at a time")
  void item3_aLargeDlqIsPaged() throws Exception {
    String q = queue("large");
    broker.declareQueue(q);
    int n = 5_000;
    fillDlq(q, n, "t");
    DeadLetters dlq = (DeadLetters) broker.deadLetters();
    Page<DeadLetter> first = dlq.list(q, null, 50);
    assertThat(dlq.lastTaken()).as("letters taken from RabbitMQ for one page").isEqualTo(50);
    assertThat(first.items()).extracting(DeadLetter::id).startsWith("dead-0", "dead-1")
        .endsWith("dead-49");
    Page<DeadLetter> second = dlq.list(q, first.nextCursor(), 50);
    assertThat(dlq.lastTaken()).isEqualTo(50);
    assertThat(second.items()).extracting(DeadLetter::id).startsWith("dead-50")
        .endsWith("dead-99");
    assertThat(second.nextCursor()).isNotNull();
    Map<String, Integer> seen = new HashMap<>();
    second.items().forEach(l -> seen.merge(l.id(), 1, Integer::sum));
    assertThat(seen.values()).containsOnly(1);
    // Acks settle on the quorum queue's log a moment after the re-publishes were confirmed.
    org.awaitility.Awaitility.await("no letter lost or doubled").atMost(Duration.ofSeconds(10))
        .until(() -> broker.stats(q).dead() == n);
  }

  @Test
  @DisplayName("issue 16: purging every letter reads none of them, after an abandoned listing too")
  void purgeAll_takesNoLetter() throws Exception {
    String q = queue("purge-all");
    broker.declareQueue(q);
    int n = 2_000;
    fillDlq(q, n, "t");
    DeadLetters dlq = (DeadLetters) broker.deadLetters();
    // A listing left after its first page: a walk would first finish that pass (1,950 letters).
    assertThat(dlq.list(q, null, 50).nextCursor()).isNotNull();
    assertThat(dlq.purge(q, DeadLetterFilter.all())).isEqualTo(n);
    assertThat(dlq.lastTaken()).as("letters taken from RabbitMQ to purge them all").isZero();
    assertThat(broker.stats(q).dead()).isZero();
    assertThat(dlq.list(q, null, 10).items()).isEmpty();
  }

  @Test
  @DisplayName("issue 16: a purge by task still walks, and leaves the other letters intact")
  void purgeByTask_leavesTheOthers() throws Exception {
    String q = queue("purge-task");
    broker.declareQueue(q);
    fillDlq(q, 200, "t");
    DeadLetters dlq = (DeadLetters) broker.deadLetters();
    assertThat(dlq.purge(q, DeadLetterFilter.task("t"))).isEqualTo(180);
    assertThat(dlq.lastTaken()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> broker.stats(q).dead() == 20);
    List<DeadLetter> left = dlq.list(q, null, 100).items();
    assertThat(left).extracting(DeadLetter::id).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> "dead-" + i * 10).toList());
    assertThat(left).allSatisfy(l -> assertThat(new String(l.body(), StandardCharsets.UTF_8))
        .isEqualTo("body " + l.id().substring(5)));
  }
}
