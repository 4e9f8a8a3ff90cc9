package dev.docket.broker.sqs;

import static dev.docket.broker.sqs.ElasticMq.fetch;
import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.docket.DocketException;
import dev.docket.FailureReason;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Issue 10 on SQS: the windows where a job could be lost, duplicated, stranded or run early,
 * each forced with {@link FaultySqs} or two clocks on the embedded ElasticMQ.
 */
class SqsLossWindowsTest {

  private static String queue() {
    return ElasticMq.queue("w.");
  }

  /** A broker on the embedded ElasticMQ (queues named {@code prefix…}) over its own faults. */
  private record Faulty(SqsBroker broker, FaultySqs sqs) implements AutoCloseable {
    static Faulty create(String prefix) {
      AtomicReference<FaultySqs> sqs = new AtomicReference<>();
      SqsBroker broker = SqsBroker.create(ElasticMq.config(prefix).build(), c -> {
        FaultySqs f = new FaultySqs(c);
        sqs.set(f);
        return f.client();
      });
      return new Faulty(broker, sqs.get());
    }

    @Override
    public void close() {
      broker.close();
    }
  }

  /** A fresh queue of this test, declared on {@code b}. */
  private static String declaredQueue(SqsBroker b) {
    String q = queue();
    b.declareQueue(q);
    return q;
  }

  /** Jobs 0 to {@code n - 1}, each built by {@code job}. */
  private static List<Message> jobs(int n, IntFunction<Message> job) {
    return IntStream.range(0, n).mapToObj(job).toList();
  }

  private static boolean carriesId(SendMessageBatchRequestEntry e, String id) {
    var meta = e.messageAttributes().get("docket");
    return meta != null && meta.stringValue().contains("\"id\":\"" + id + "\"");
  }

  @Test
  @DisplayName("issue 10.11a: a delay-pump batch with refused entries moves each accepted one"
      + " once, retries only the refused, dead-letters the one refused for good")
  void item11a_pumpSettlesEveryEntryByItsOwnOutcome() throws Exception {
    try (Faulty faulty = Faulty.create("pump-")) {
      SqsBroker b = faulty.broker();
      String q = declaredQueue(b);
      Instant due = Instant.now().plusSeconds(1);
      List<Message> ten = jobs(10,
          i -> aJob().withId("pm-" + i).withBody("job " + i).notBefore(due).build());
      FaultySqs f = faulty.sqs();
      AtomicBoolean transientOnce = new AtomicBoolean(true);
      AtomicBoolean deleteOnce = new AtomicBoolean(true);
      // Into the lane: pm-0 refused for good, pm-1 refused once for a transient reason.
      f.sendRule = (url, e) -> !url.endsWith("-p0") ? null
          : carriesId(e, "pm-0") ? FaultySqs.refusal(e.id(), "InvalidParameterValue", true)
          : carriesId(e, "pm-1") && transientOnce.getAndSet(false)
              ? FaultySqs.refusal(e.id(), "InternalError", false) : null;
      // The first delete from the delay queue is refused once for a transient reason.
      f.deleteRule = (url, e) -> url.endsWith("-delay") && deleteOnce.getAndSet(false)
          ? FaultySqs.refusal(e.id(), "InternalError", false) : null;
      assertThat(b.publish(q, ten)).containsOnly(PublishOutcome.ACCEPTED);

      List<String> delivered = Collections.synchronizedList(new ArrayList<>());
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
        for (Delivery d : fetch(b, q, 10, Duration.ofMinutes(2))) {
          delivered.add(d.id());
          assertThat(b.ack(d)).isTrue();
        }
        var s = b.stats(q);
        return delivered.size() >= 9 && s.delayed() == 0 && s.dead() == 1;
      });
      assertThat(delivered).as("each moved job delivered once")
          .containsExactlyInAnyOrderElementsOf(ten.subList(1, 10).stream().map(Message::id)
              .toList());
      assertThat(f.sentBodies.stream().filter(s -> s.contains("-p0 ")).count())
          .as("lane sends that reached SQS: the nine, each once").isEqualTo(9);
      List<DeadLetter> dead = b.deadLetters().list(q, null, 10).items();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).id()).isEqualTo("pm-0");
      assertThat(dead.get(0).body()).isEqualTo("job 0".getBytes(StandardCharsets.UTF_8));
      assertThat(dead.get(0).failure().reason()).isEqualTo(FailureReason.NON_RETRYABLE);
      assertThat(dead.get(0).failure().message()).contains("delay pump")
          .contains("InvalidParameterValue");
      assertThat(fetch(b, q, 10, Duration.ofMinutes(1))).as("nothing else comes").isEmpty();
    }
  }

  @Test
  @DisplayName("issue 10.11b: a partly refused publish keeps the stored ids, so a retry with"
      + " the same ids stores only the missing one")
  void item11b_partialPublishKeepsStoredIds_retryCreatesNoSecondJob() throws Exception {
    try (Faulty faulty = Faulty.create("part-")) {
      SqsBroker b = faulty.broker();
      String q = declaredQueue(b);
      List<Message> batch = jobs(25, i -> aJob().withId("pp-" + i).build());
      AtomicBoolean refuse = new AtomicBoolean(true);
      faulty.sqs().sendRule = (url, e) -> refuse.get() && carriesId(e, "pp-13")
          ? FaultySqs.refusal(e.id(), "InvalidMessageContents", true) : null;
      Throwable partial = catchThrowable(() -> b.publish(q, batch));
      assertThat(partial).as("a publish that stored 24 of 25").isInstanceOf(DocketException.class);
      refuse.set(false);

      List<PublishOutcome> retry = b.publish(q, batch);
      for (int i = 0; i < 25; i++) {
        assertThat(retry.get(i)).as("outcome of pp-" + i)
            .isEqualTo(i == 13 ? PublishOutcome.ACCEPTED : PublishOutcome.DUPLICATE);
      }
      List<String> ids = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        fetch(b, q, 25, Duration.ofMinutes(2)).forEach(d -> ids.add(d.id()));
        return ids.size() >= 25;
      });
      assertThat(ids).as("one job per id").doesNotHaveDuplicates().hasSize(25);
      assertThat(fetch(b, q, 25, Duration.ofMinutes(1))).isEmpty();
      // The error says which message was not stored, and that the others were.
      assertThat(partial).hasMessageContaining("1 of 25").hasMessageContaining("pp-13")
          .hasMessageContaining("InvalidMessageContents")
          .hasMessageContaining("other 24 were stored");
    }
  }

  @Test
  @DisplayName("issue 10.11c: messages a cancelled long poll received are visible again at"
      + " once, not after their lease")
  void item11c_cancelledLongPollHandsBackWhatItReceived() throws Exception {
    try (Faulty faulty = Faulty.create("poll-")) {
      SqsBroker b = faulty.broker();
      String q = declaredQueue(b);
      Message m = aJob().build();
      b.publish(q, List.of(m));
      CountDownLatch received = new CountDownLatch(1);
      CountDownLatch cancelled = new CountDownLatch(1);
      AtomicBoolean armed = new AtomicBoolean(true);
      // SQS has answered (the message is now invisible) while the caller is being cancelled.
      faulty.sqs().afterReceive = (url, r) -> {
        if (url.endsWith("-p0") && !r.messages().isEmpty() && armed.getAndSet(false)) {
          received.countDown();
          boolean interrupted = false;
          while (true) {
            try {
              cancelled.await(10, TimeUnit.SECONDS);
              break;
            } catch (InterruptedException e) {
              interrupted = true; // as a blocking HTTP read would, finish the exchange
            }
          }
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      };
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread caller = Thread.ofVirtual().start(() -> {
        try {
          outcome.set(new AssertionError("fetch returned " + b.fetch(FetchRequest.of(q, 1,
              Duration.ofMinutes(2), Duration.ofSeconds(5)))));
        } catch (Throwable t) {
          outcome.set(t);
        }
      });
      assertThat(received.await(10, TimeUnit.SECONDS)).as("the poll received").isTrue();
      caller.interrupt();
      caller.join(Duration.ofSeconds(5));
      assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
      cancelled.countDown();

      // Visible again at once: long before its two-minute lease would end.
      List<Delivery> again = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        again.addAll(fetch(b, q, 1, Duration.ofMinutes(2)));
        return !again.isEmpty();
      });
      assertThat(again.get(0).id()).isEqualTo(m.id());
      // SQS counted the cancelled poll's receive; no caller saw it, so it is not a delivery (a
      // job allowed one attempt would otherwise be dead-lettered without ever running).
      assertThat(again.get(0).deliveryCount()).as("delivery count after an unseen receive")
          .isEqualTo(1);
      assertThat(b.ack(again.get(0))).isTrue();
    }
  }

  @ParameterizedTest(name = "producer clock {0} s off the pump host's")
  @ValueSource(ints = {2, -2})
  @DisplayName("issue 10.13: a producer's clock skew never makes a delayed job early")
  void item13_producerClockSkew_neverDeliversEarly(int offsetSeconds) throws Exception {
    Clock producerClock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(offsetSeconds));
    String prefix = "skew" + (offsetSeconds > 0 ? "p" : "m") + "-";
    try (SqsBroker producer = SqsBroker.create(ElasticMq.config(prefix)
            .maxDelayHop(Duration.ofSeconds(1)).clock(producerClock).build());
        SqsBroker pumpHost = SqsBroker.create(ElasticMq.config(prefix)
            .maxDelayHop(Duration.ofSeconds(1)).build())) {
      String q = declaredQueue(producer);
      Duration delay = Duration.ofMillis(3500);
      Instant realStart = Instant.now();
      Message m = aJob().notBefore(producerClock.instant().plus(delay)).build();
      producer.publish(q, List.of(m));
      List<Delivery> got = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1)).until(() -> {
            got.addAll(fetch(pumpHost, q, 1, Duration.ofSeconds(30)));
            return !got.isEmpty();
          });
      Instant at = Instant.now();
      assertThat(at).as("delivered no earlier than %s after the publish", delay)
          .isAfterOrEqualTo(realStart.plus(delay));
      assertThat(Duration.between(realStart.plus(delay), at)).as("late by")
          .isLessThan(Duration.ofSeconds(4));
      assertThat(got.get(0).id()).isEqualTo(m.id());
      assertThat(pumpHost.ack(got.get(0))).isTrue();
    }
  }

  @Test
  @DisplayName("issue 10.7: one extendLeases call extends 1,000 leases in batches of ten, and"
      + " none is redelivered in the extension window")
  void item7_extendLeases_thousandInFlight_noneRedelivered() throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("ext-").build())) {
      String q = declaredQueue(b);
      List<Message> all = jobs(1000, i -> aJob().build());
      b.publish(q, all);
      // Long enough to lease all 1,000 on a busy machine before the first lease ends.
      Duration lease = Duration.ofSeconds(15);
      long fetchStart = System.nanoTime();
      List<Delivery> held = new ArrayList<>();
      while (held.size() < 1000) {
        held.addAll(b.fetch(FetchRequest.of(q, 1000 - held.size(), lease,
            Duration.ofSeconds(1))));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - fetchStart))
          .as("leasing 1,000 took less than their lease (else the test proves nothing)")
          .isLessThan(lease);
      long before = b.requestCounts().getOrDefault("ChangeMessageVisibilityBatch", 0L);
      List<Boolean> answers = b.extendLeases(held, Duration.ofSeconds(60));
      long requests = b.requestCounts().get("ChangeMessageVisibilityBatch") - before;
      assertThat(answers).hasSize(1000).containsOnly(true);
      assertThat(requests).as("ChangeMessageVisibilityBatch requests for 1,000").isEqualTo(100);
      // Past every original lease (plus a margin): nothing comes back.
      long windowEnd = fetchStart + lease.plusSeconds(3).toNanos();
      Duration during = Duration.ofNanos(Math.max(1, windowEnd - System.nanoTime()));
      Set<String> redelivered = Collections.synchronizedSet(new HashSet<>());
      Awaitility.await().during(during).atMost(during.plusSeconds(5)).until(() -> {
        fetch(b, q, 10, Duration.ofSeconds(60)).forEach(d -> redelivered.add(d.id()));
        return redelivered.isEmpty();
      });
      assertThat(b.stats(q).inFlight()).isEqualTo(1000);
    }
  }

  @Test
  @DisplayName("issue 10.7: extendLeases answers false for a stale receipt handle and for a"
      + " settled delivery, in order")
  void item7_extendLeases_staleOrSettled_answersFalseInPlace() throws Exception {
    try (SqsBroker a = SqsBroker.create(ElasticMq.config("stale-").build());
        SqsBroker b = SqsBroker.create(ElasticMq.config("stale-").build())) {
      String q = declaredQueue(a);
      a.publish(q, List.of(aJob().withId("st-1").build()));
      Delivery old = fetch(a, q, 1, Duration.ofSeconds(1)).get(0);
      List<Delivery> fresh = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        fresh.addAll(fetch(b, q, 1, Duration.ofSeconds(60)));
        return !fresh.isEmpty();
      });
      a.publish(q, List.of(aJob().withId("st-2").build()));
      Delivery acked = fetch(a, q, 1, Duration.ofSeconds(60)).get(0);
      assertThat(a.ack(acked)).isTrue();
      a.publish(q, List.of(aJob().withId("st-3").build()));
      Delivery live = fetch(a, q, 1, Duration.ofSeconds(60)).get(0);
      assertThat(a.extendLeases(List.of(old, live, acked), Duration.ofSeconds(30)))
          .containsExactly(false, true, false);
      assertThat(b.extendLeases(List.of(fresh.get(0)), Duration.ofSeconds(30)))
          .containsExactly(true);
      assertThat(b.ack(fresh.get(0))).isTrue();
      assertThat(a.ack(live)).isTrue();
    }
  }
}
