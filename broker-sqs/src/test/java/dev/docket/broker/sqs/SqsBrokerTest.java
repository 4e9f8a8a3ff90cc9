package dev.docket.broker.sqs;

import static dev.docket.broker.sqs.ElasticMq.fetch;
import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.FailureReason;
import dev.docket.testing.ManualClock;
import dev.docket.PayloadTooLargeException;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the SQS broker adds beyond the TCK: hops, lanes, batching, limits, the redrive net. */
class SqsBrokerTest {

  private static String queue() {
    return ElasticMq.queue("t.");
  }

  @Test
  void longDelay_hopsThroughTheDelayQueue_neverEarly() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("hop-").maxDelayHop(Duration.ofSeconds(1))
        .build())) {
      String q = queue();
      b.declareQueue(q);
      Instant due = Instant.now().plusMillis(3500);
      Message m = aJob().notBefore(due).build();
      assertThat(b.publish(q, List.of(m))).containsExactly(PublishOutcome.ACCEPTED);
      assertThat(b.stats(q).delayed()).isEqualTo(1);
      long sendsBefore = b.requestCounts().getOrDefault("SendMessageBatch", 0L);

      List<Delivery> got = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1)).until(() -> {
            got.addAll(fetch(b, q, 1, Duration.ofSeconds(30)));
            if (!got.isEmpty()) {
              assertThat(Instant.now()).as("delivered no earlier than due").isAfterOrEqualTo(due);
            }
            return !got.isEmpty();
          });
      assertThat(got.get(0).id()).isEqualTo(m.id());
      assertThat(got.get(0).deliveryCount()).as("hops are not deliveries").isEqualTo(1);
      assertThat(Duration.between(due, Instant.now())).isLessThan(Duration.ofSeconds(3));
      // 1 s hops towards a 3.5 s delay: at least three re-sends plus the move into the lane.
      assertThat(b.requestCounts().get("SendMessageBatch") - sendsBefore)
          .as("hop sends").isGreaterThanOrEqualTo(3);
      assertThat(b.ack(got.get(0))).isTrue();
    }
  }

  @Test
  void priorityBands_threeLanes_servedHighestBandFirst() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("band-").priorityBands(3).build())) {
      assertThat(b.capabilities().priorityLevels()).isEqualTo(3);
      assertThat(b.capabilities().messagePriority()).isTrue();
      String q = queue();
      b.declareQueue(q);
      List<Message> all = new ArrayList<>();
      for (int p = 0; p <= 9; p++) {
        all.add(aJob().withPriority(p).build());
      }
      b.publish(q, all);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Delivery d = fetch(b, q, 1, Duration.ofSeconds(30)).get(0);
        order.add(d.priority());
        assertThat(b.ack(d)).isTrue();
      }
      // Bands: 7-9 first, then 4-6, then 0-3; inside a band SQS keeps no order.
      assertThat(order.subList(0, 3)).containsExactlyInAnyOrder(7, 8, 9);
      assertThat(order.subList(3, 6)).containsExactlyInAnyOrder(4, 5, 6);
      assertThat(order.subList(6, 10)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
  }

  @Test
  void batching_sendsReceivesAndDeletesTenAtATime() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("batch-").batchLinger(
        Duration.ofMillis(20)).build())) {
      String q = queue();
      b.declareQueue(q);
      List<Message> fifty = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        fifty.add(aJob().build());
      }
      Map<String, Long> before = b.requestCounts();
      b.publish(q, fifty);
      List<Delivery> got = new ArrayList<>();
      while (got.size() < 50) {
        got.addAll(fetch(b, q, 50 - got.size(), Duration.ofMinutes(5)));
      }
      try (ExecutorService acks = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (Delivery d : got) {
          results.add(acks.submit(() -> b.ack(d)));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      }
      Map<String, Long> after = b.requestCounts();
      assertThat(delta(before, after, "SendMessageBatch")).as("sends of 50").isEqualTo(5);
      assertThat(delta(before, after, "ReceiveMessage")).as("receives of 50").isBetween(5L, 8L);
      assertThat(delta(before, after, "DeleteMessageBatch")).as("deletes of 50 concurrent acks")
          .isBetween(5L, 12L);
      assertThat(b.stats(q).total()).isZero();
    }
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String op) {
    return after.getOrDefault(op, 0L) - before.getOrDefault(op, 0L);
  }

  @Test
  void payloadLimit_refusedBeforeSending_withTheLimitNamed() {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("size-").sqsMessageLimit(64 * 1024)
        .build())) {
      String q = queue();
      long max = b.capabilities().maxMessageBytes();
      assertThat(max).isEqualTo((64 * 1024 - 16 * 1024) / 4 * 3);
      long requests = b.requestCount();
      assertThatThrownBy(() -> b.publish(q, List.of(aJob().withBody(new byte[(int) max + 1])
          .build()))).isInstanceOf(PayloadTooLargeException.class)
          .hasMessageContaining("at most " + max + " bytes");
      assertThat(b.requestCount()).as("nothing was sent").isEqualTo(requests);
      assertThatThrownBy(() -> b.publish(q, List.of(aJob().withHeader("big", "x".repeat(70_000))
          .build()))).isInstanceOf(PayloadTooLargeException.class)
          .hasMessageContaining("headers");
      assertThat(b.publish(q, List.of(aJob().withBody(new byte[(int) max]).build())))
          .containsExactly(PublishOutcome.ACCEPTED);
    }
  }

  @Test
  void redrivePolicy_deadLettersAJobThatKeepsCrashingItsWorker() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("redrive-").maxReceiveCount(2)
        .build())) {
      String q = queue();
      b.declareQueue(q);
      Message m = aJob().withBody("crasher").build();
      b.publish(q, List.of(m));
      // Two receives whose leases lapse (the worker "dies" each time): SQS moves it on the third.
      for (int i = 1; i <= 2; i++) {
        int attempt = i;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
            fetch(b, q, 1, Duration.ofSeconds(1)).stream()
                .anyMatch(d -> d.deliveryCount() == attempt));
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        assertThat(fetch(b, q, 1, Duration.ofSeconds(1))).as("never a third delivery").isEmpty();
        return b.stats(q).dead() == 1;
      });
      List<DeadLetter> dead = b.deadLetters().list(q, null, 10).items();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).id()).isEqualTo(m.id());
      assertThat(dead.get(0).body()).isEqualTo(m.body());
      assertThat(dead.get(0).failure().reason()).isEqualTo(FailureReason.DELIVERY_LIMIT);
      assertThat(dead.get(0).failure().message()).contains("redrive policy");
    }
  }

  @Test
  void extendLease_refusedPastTheTwelveHourVisibilityCap() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("cap-").clock(clock).build())) {
      String q = queue();
      b.declareQueue(q);
      b.publish(q, List.of(aJob().build()));
      Delivery d = fetch(b, q, 1, Duration.ofMinutes(1)).get(0);
      clock.advance(Duration.ofHours(11));
      assertThat(b.extendLease(d, Duration.ofMinutes(5))).as("within 12 h").isTrue();
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      assertThat(b.extendLease(d, Duration.ofMinutes(5))).as("12 h after the receive").isFalse();
      assertThat(b.ack(d)).isTrue();
    }
  }

  @Test
  void idempotentEnqueue_perProcessByDefault_sharedWithAStateStore() throws Exception {
    String q = queue();
    Message first = aJob().withId("order-77").build();
    Message again = aJob().withId("order-77").build();
    // Default: each broker instance knows only the ids it published (a documented limit).
    try (SqsBroker a = SqsBroker.create(ElasticMq.config("ida-").build());
        SqsBroker b = SqsBroker.create(ElasticMq.config("ida-").build())) {
      assertThat(a.publish(q, List.of(first))).containsExactly(PublishOutcome.ACCEPTED);
      assertThat(a.publish(q, List.of(again))).containsExactly(PublishOutcome.DUPLICATE);
      assertThat(b.publish(q, List.of(again))).as("another process does not see the id")
          .containsExactly(PublishOutcome.ACCEPTED);
    }
    // With a shared state store every process agrees, and an ack anywhere frees the id.
    try (var store = dev.docket.broker.inmemory.InMemoryStateStore.create();
        SqsBroker a = SqsBroker.create(ElasticMq.config("idb-").build(), store);
        SqsBroker b = SqsBroker.create(ElasticMq.config("idb-").build(), store)) {
      assertThat(a.publish(q, List.of(first))).containsExactly(PublishOutcome.ACCEPTED);
      assertThat(b.publish(q, List.of(again))).containsExactly(PublishOutcome.DUPLICATE);
      Delivery d = fetch(b, q, 1, Duration.ofMinutes(1)).get(0);
      assertThat(b.ack(d)).isTrue();
      assertThat(a.publish(q, List.of(again))).as("free again after the ack in the other process")
          .containsExactly(PublishOutcome.ACCEPTED);
    }
  }

  @Test
  void undecodableMessage_isDeliveredRawNotLost() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("raw-").build())) {
      String q = queue();
      b.declareQueue(q);
      b.publish(q, List.of(aJob().build()));
      Delivery mine = fetch(b, q, 1, Duration.ofMinutes(1)).get(0);
      assertThat(b.ack(mine)).isTrue();
      // A foreign producer writes straight into the lane, without Docket's metadata.
      try (var sqs = software.amazon.awssdk.services.sqs.SqsClient.builder()
          .endpointOverride(ElasticMq.endpoint())
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
              .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("t", "t")))
          .build()) {
        String lane = sqs.listQueues(r -> r.queueNamePrefix("raw-t_d")).queueUrls().stream()
            .filter(u -> u.endsWith("-p0")).filter(u -> u.contains(q.substring(2)))
            .findFirst().orElseThrow();
        sqs.sendMessage(r -> r.queueUrl(lane).messageBody("not docket"));
      }
      Delivery raw = fetch(b, q, 1, Duration.ofMinutes(1)).get(0);
      assertThat(new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("not docket");
      assertThat(raw.deliveryCount()).isEqualTo(1);
      assertThat(b.ack(raw)).isTrue();
    }
  }
}
