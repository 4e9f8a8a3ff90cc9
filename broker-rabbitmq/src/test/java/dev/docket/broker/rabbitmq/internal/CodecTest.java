package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final Envelope ENVELOPE = new Envelope(7, false, "", "q");

  @Test
  void stamps_roundTripToTheNanosecond_andFallBackToIsoOutsideTheLongRange() {
    Instant t = Instant.parse("2026-11-25T12:00:00.123456789Z");
    assertThat(Codec.stamp(t)).isInstanceOf(Long.class);
    assertThat(Codec.instant(Codec.stamp(t))).isEqualTo(t);
    Instant before1970 = Instant.parse("1900-01-01T00:00:00.000000001Z");
    assertThat(Codec.instant(Codec.stamp(before1970))).isEqualTo(before1970);
    Instant far = Instant.parse("3026-01-01T00:00:00Z");
    assertThat(Codec.stamp(far)).isEqualTo("3026-01-01T00:00:00Z");
    assertThat(Codec.instant(Codec.stamp(far))).isEqualTo(far);
  }

  @Test
  void properties_sendNothingTwice_andReadBackWhole() {
    Instant at = Instant.parse("2026-11-25T12:00:00.5Z");
    Stored s = new Stored("q", "job-1", new byte[] {1}, Map.of("docket-task", "t"), 0, at, 0, 0,
        null, null);
    AMQP.BasicProperties p = Codec.properties(s);
    assertThat(p.getHeaders()).containsOnlyKeys("docket-task", Codec.ENQUEUED_AT);
    assertThat(p.getMessageId()).isEqualTo("job-1");
    assertThat(p.getPriority()).as("0 is the default").isNull();
    assertThat(p.getDeliveryMode()).isEqualTo(2);

    Stored back = Codec.read("q", ENVELOPE, p, s.body(), Instant.now());
    assertThat(back.id()).isEqualTo("job-1");
    assertThat(back.priority()).isZero();
    assertThat(back.enqueuedAt()).isEqualTo(at);
    assertThat(back.attempts()).isZero();
    assertThat(back.headers()).containsExactly(Map.entry("docket-task", "t"));

    Stored retried = Codec.read("q", ENVELOPE, Codec.properties(s.copy(3, null, null)),
        s.body(), Instant.now());
    assertThat(retried.attempts()).isEqualTo(3);
    Stored urgent = Codec.read("q", ENVELOPE, Codec.properties(new Stored("q", "job-2",
        new byte[0], Map.of(), 8, at, 0, 0, null, null)), new byte[0], Instant.now());
    assertThat(urgent.priority()).isEqualTo(8);
  }

  @Test
  void theFullerHeadersOfOlderClients_areStillRead() {
    AMQP.BasicProperties old = new AMQP.BasicProperties.Builder()
        .messageId("ignored-when-the-header-is-there")
        .headers(Map.of(Codec.ID, "job-9", Codec.PRIORITY, 6, "x-docket-queue", "q",
            Codec.ENQUEUED_AT, "2026-11-25T12:00:00.25Z", Codec.ATTEMPTS, 2,
            "docket-task", "t"))
        .build();
    Stored s = Codec.read("q", ENVELOPE, old, new byte[0], Instant.now());
    assertThat(s.id()).isEqualTo("job-9");
    assertThat(s.priority()).isEqualTo(6);
    assertThat(s.enqueuedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00.25Z"));
    assertThat(s.attempts()).isEqualTo(2);
    assertThat(s.headers()).containsOnlyKeys("docket-task");
  }
}
