package dev.docket.broker.sqs;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.broker.inmemory.InMemoryStateStore;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * FIFO mode beyond the TCK: queue kinds, message groups, and moves that SQS's five-minute
 * de-duplication must not swallow (retries, replays, re-enqueues). All within seconds, well
 * inside the window.
 */
class SqsFifoTest {

  private static final Duration LEASE = Duration.ofMinutes(1);

  private static String queue() {
    return "f." + UUID.randomUUID().toString().substring(0, 8);
  }

  private static SqsBrokerConfig.Builder fifo(String prefix) {
    return ElasticMq.config(prefix).fifo(true);
  }

  private static List<Delivery> fetch(SqsBroker b, String q, int max, Duration wait)
      throws InterruptedException {
    return b.fetch(FetchRequest.of(q, max, LEASE, wait));
  }

  private static Delivery awaitOne(SqsBroker b, String q) {
    List<Delivery> got = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
        .until(() -> got.addAll(fetch(b, q, 1, Duration.ofMillis(500))));
    return got.get(0);
  }

  private static JobFailure failure() {
    return new JobFailure(FailureReason.NON_RETRYABLE, "x.Boom", "boom", "", 1, Instant.now(), "w1");
  }

  @Test
  void lanesAndDeadLetterQueueAreFifo_theDelayQueueIsStandard() throws Exception {
    try (SqsBroker b = SqsBroker.create(fifo("kind-").build());
        SqsClient sqs = SqsClient.builder().endpointOverride(ElasticMq.endpoint())
            .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("t", "t"))).build()) {
      String q = queue();
      b.publish(q, List.of(aJob().withPriority(0).build()));
      String base = "kind-f_d" + q.substring(2);
      Map<String, String> kinds = new java.util.TreeMap<>();
      for (String url : sqs.listQueues(r -> r.queueNamePrefix(base)).queueUrls()) {
        String fifoAttr = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
            QueueAttributeName.FIFO_QUEUE)).attributes().get(QueueAttributeName.FIFO_QUEUE);
        kinds.put(url.substring(url.lastIndexOf('/') + 1), String.valueOf(fifoAttr));
      }
      assertThat(kinds).containsOnlyKeys(base + "-p0.fifo", base + "-dlq.fifo", base + "-fdelay");
      assertThat(kinds.get(base + "-p0.fifo")).isEqualTo("true");
      assertThat(kinds.get(base + "-dlq.fifo")).isEqualTo("true");
      assertThat(kinds.get(base + "-fdelay")).isNotEqualTo("true");
    }
  }

  @Test
  void retriedJob_runsAgain_twiceWithinSeconds() throws Exception {
    try (SqsBroker b = SqsBroker.create(fifo("retry-").build())) {
      String q = queue();
      Message m = aJob().build();
      b.publish(q, List.of(m));
      Delivery first = awaitOne(b, q);
      assertThat(b.release(first, Duration.ofSeconds(1))).isTrue();
      Delivery second = awaitOne(b, q);
      assertThat(second.id()).isEqualTo(m.id());
      assertThat(second.deliveryCount()).isEqualTo(2);
      assertThat(b.release(second, Duration.ofSeconds(1))).isTrue();
      Delivery third = awaitOne(b, q);
      assertThat(third.id()).as("a second retry move of the same job within the window")
          .isEqualTo(m.id());
      assertThat(third.deliveryCount()).isEqualTo(3);
      assertThat(b.ack(third)).isTrue();
      assertThat(fetch(b, q, 1, Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void deadLetteredJob_replayedWithinSeconds_comesBack_andAgain() throws Exception {
    try (SqsBroker b = SqsBroker.create(fifo("replay-").build())) {
      String q = queue();
      Message m = aJob().withBody("keep me").build();
      b.publish(q, List.of(m));
      for (int round = 1; round <= 2; round++) {
        Delivery d = awaitOne(b, q);
        assertThat(d.id()).isEqualTo(m.id());
        assertThat(d.deliveryCount()).as("fresh count after replay").isEqualTo(1);
        assertThat(b.deadLetter(d, failure())).isTrue();
        assertThat(b.deadLetters().list(q, null, 10).items()).extracting(l -> l.id())
            .as("dead-lettered in round %d", round).containsExactly(m.id());
        assertThat(b.deadLetters().replay(q, DeadLetterFilter.all())).isEqualTo(1);
      }
      Delivery back = awaitOne(b, q);
      assertThat(back.body()).isEqualTo(m.body());
      assertThat(b.ack(back)).isTrue();
      assertThat(b.deadLetters().list(q, null, 10).items()).isEmpty();
    }
  }

  @Test
  void reEnqueueAfterAck_throughASharedIdStore_isNotSwallowed() throws Exception {
    // Another process acked and freed the id seconds ago; this one cannot know, so with a
    // shared store no enqueue is keyed on the job id alone.
    try (var store = InMemoryStateStore.create();
        SqsBroker a = SqsBroker.create(fifo("reuse-").build(), store);
        SqsBroker b = SqsBroker.create(fifo("reuse-").build(), store)) {
      String q = queue();
      assertThat(a.publish(q, List.of(aJob().withId("inv-9").build())))
          .containsExactly(PublishOutcome.ACCEPTED);
      assertThat(b.ack(awaitOne(b, q))).isTrue();
      try (SqsBroker c = SqsBroker.create(fifo("reuse-").build(), store)) {
        assertThat(c.publish(q, List.of(aJob().withId("inv-9").withBody("again").build())))
            .containsExactly(PublishOutcome.ACCEPTED);
        Delivery again = awaitOne(c, q);
        assertThat(again.id()).isEqualTo("inv-9");
        assertThat(new String(again.body(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("again");
        assertThat(c.ack(again)).isTrue();
      }
    }
  }

  @Test
  void reEnqueueFromAnotherProcess_afterAck_withoutAStore_isNotSwallowed() throws Exception {
    // Without an id store, each process knows only its own ids. Process B re-enqueues an id that
    // A enqueued and acked seconds ago: SQS's five-minute window must not drop it.
    try (SqsBroker a = SqsBroker.create(fifo("dup-").build());
        SqsBroker b = SqsBroker.create(fifo("dup-").build())) {
      String q = queue();
      assertThat(a.publish(q, List.of(aJob().withId("pay-1").withBody("a").build())))
          .containsExactly(PublishOutcome.ACCEPTED);
      Delivery first = awaitOne(a, q);
      assertThat(a.ack(first)).isTrue();
      assertThat(b.publish(q, List.of(aJob().withId("pay-1").withBody("b").build())))
          .containsExactly(PublishOutcome.ACCEPTED);
      Delivery second = awaitOne(b, q);
      assertThat(new String(second.body(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("b");
      assertThat(b.ack(second)).isTrue();
    }
  }

  @Test
  void groupPerJob_noHeadOfLineBlocking() throws Exception {
    try (SqsBroker b = SqsBroker.create(fifo("gjob-").build())) {
      String q = queue();
      b.publish(q, List.of(aJob().build(), aJob().build(), aJob().build()));
      Delivery first = awaitOne(b, q);
      Delivery second = awaitOne(b, q);
      Delivery third = awaitOne(b, q);
      assertThat(List.of(first.id(), second.id(), third.id())).as("three leased at once")
          .doesNotHaveDuplicates();
      for (Delivery d : List.of(first, second, third)) {
        assertThat(b.ack(d)).isTrue();
      }
    }
  }

  @Test
  void groupPerQueue_strictOrder_oneJobInFlight() throws Exception {
    try (SqsBroker b = SqsBroker.create(fifo("gq-").fifoGroup(SqsBrokerConfig.FifoGroup.QUEUE)
        .priorityBands(1).build())) {
      String q = queue();
      List<Message> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        batch.add(aJob().build());
      }
      b.publish(q, batch); // three SendMessageBatch requests, which must stay in order
      Message last = aJob().build();
      b.publish(q, List.of(last));
      List<String> published = new ArrayList<>(batch.stream().map(Message::id).toList());
      published.add(last.id());
      List<String> order = new ArrayList<>();
      for (int i = 0; i < published.size(); i++) {
        List<Delivery> got = fetch(b, q, 10, Duration.ofSeconds(2));
        assertThat(got).as("one job per fetch, though ten were asked").hasSize(1);
        if (i < 2) {
          assertThat(fetch(b, q, 10, Duration.ofMillis(300)))
              .as("the group is blocked while job %d is leased", i).isEmpty();
        }
        order.add(got.get(0).id());
        assertThat(b.ack(got.get(0))).isTrue();
      }
      assertThat(order).as("publish order").containsExactlyElementsOf(published);
    }
  }
}
