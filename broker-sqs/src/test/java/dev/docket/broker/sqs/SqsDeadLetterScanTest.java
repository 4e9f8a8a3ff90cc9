package dev.docket.broker.sqs;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.DocketException;
import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a scan of a dead-letter queue (every SQS DLQ operation is one) ends even when it
 * outlives the time it hides the letters for. Before, a scan only ended when a receive found
 * nothing visible; with letters coming back faster than it could finish (a DLQ of 100k letters
 * on a scan visibility of 60 s) it received them again and again, for ever. The slow scan is
 * played by moving this broker's time past the hiding time during the first receive.
 */
class SqsDeadLetterScanTest {

  /** Real time that a test can move forward at once; not controllable (no waits on it). */
  private static final class JumpingTime implements TimeSource {
    final AtomicLong jumpNanos = new AtomicLong();

    @Override
    public Instant instant() {
      return Instant.now().plusNanos(jumpNanos.get());
    }

    @Override
    public long nanoTime() {
      return System.nanoTime() + jumpNanos.get();
    }

    @Override
    public boolean controllable() {
      return false;
    }

    @Override
    public Subscription onChange(Runnable listener) {
      return () -> {};
    }
  }

  private static JobFailure failure(int i) {
    return new JobFailure(FailureReason.RETRIES_EXHAUSTED, "x.Boom", "boom " + i, "stack " + i, 1,
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "worker-" + i);
  }

  @Test
  @DisplayName("issue 16: a DLQ scan that outlives its hiding time stops with an error, and every"
      + " letter stays")
  void scan_outlivesItsVisibility_failsAndKeepsEveryLetter() throws Exception {
    int n = 30;
    JumpingTime time = new JumpingTime();
    AtomicReference<FaultySqs> faulty = new AtomicReference<>();
    try (SqsBroker a = SqsBroker.create(ElasticMq.config("scan-").build());
        SqsBroker slow = SqsBroker.create(ElasticMq.config("scan-").clock(time.clock()).build(),
            c -> {
              FaultySqs f = new FaultySqs(c);
              faulty.set(f);
              return f.client();
            })) {
      String q = ElasticMq.queue("s.");
      a.declareQueue(q);
      List<Message> jobs = IntStream.range(0, n)
          .mapToObj(i -> aJob().withId("dead-" + i).withBody("body " + i).build()).toList();
      a.publish(q, jobs);
      int done = 0;
      while (done < n) {
        for (Delivery d : ElasticMq.fetch(a, q, 10, Duration.ofMinutes(5))) {
          assertThat(a.deadLetter(d, failure(Integer.parseInt(d.id().substring(5))))).isTrue();
          done++;
        }
      }
      // A day passes during the first receive of the DLQ: far past any hiding time.
      faulty.get().afterReceive = (url, got) -> {
        if (url.endsWith("-dlq") && !got.messages().isEmpty()) {
          time.jumpNanos.compareAndSet(0, Duration.ofDays(1).toNanos());
        }
      };
      assertThatThrownBy(() -> slow.deadLetters().list(q, null, 10))
          .isInstanceOf(DocketException.class).hasMessageContaining("took longer than")
          .hasMessageContaining("Every letter stays");

      List<DeadLetter> all = new ArrayList<>(a.deadLetters().list(q, null, 100).items());
      assertThat(all).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(
          IntStream.range(0, n).mapToObj(i -> "dead-" + i).toList());
      assertThat(all).allSatisfy(l -> {
        int i = Integer.parseInt(l.id().substring(5));
        assertThat(new String(l.body(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("body " + i);
        assertThat(l.failure()).isEqualTo(failure(i));
      });
      assertThat(a.stats(q).dead()).isEqualTo(n);
    }
  }
}
