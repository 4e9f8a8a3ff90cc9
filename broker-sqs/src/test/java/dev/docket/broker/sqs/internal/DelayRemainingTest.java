package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Issue 10.13: the pump judges a delay on SQS's timestamps, never on a host's clock. */
class DelayRemainingTest {

  private static final Instant PUMP_NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Meta meta(Duration delay, Instant legacyDue) {
    return new Meta("j1", Map.of(), 0, PUMP_NOW, 0, delay, legacyDue, null);
  }

  private static Message received(Long sent, Long firstReceive) {
    Map<MessageSystemAttributeName, String> a = new HashMap<>();
    if (sent != null) {
      a.put(MessageSystemAttributeName.SENT_TIMESTAMP, sent.toString());
    }
    if (firstReceive != null) {
      a.put(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
          firstReceive.toString());
    }
    return Message.builder().messageId("m").body("").attributes(a).build();
  }

  @Test
  void carriedDelay_minusWhatSqsSaysPassed_ignoringThePumpClock() {
    Message m = received(1_000L, 901_000L); // SQS: 900 s between send and first receive
    assertThat(DelayPump.remaining(meta(Duration.ofMinutes(20), null), m, PUMP_NOW))
        .isEqualTo(Duration.ofMinutes(5));
    // The pump's clock plays no part: a pump far ahead sees the same wait left.
    assertThat(DelayPump.remaining(meta(Duration.ofMinutes(20), null), m,
        PUMP_NOW.plus(Duration.ofDays(1)))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void dueOnceSqsSaysTheWholeDelayPassed() {
    assertThat(DelayPump.remaining(meta(Duration.ofMillis(3500), null),
        received(1_000L, 5_000L), PUMP_NOW)).isNull();
    assertThat(DelayPump.remaining(meta(Duration.ofMillis(3500), null),
        received(1_000L, 4_499L), PUMP_NOW)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void withoutTimestamps_atMostOneSqsMaximumHopCounts() {
    assertThat(DelayPump.remaining(meta(Duration.ofMinutes(20), null), received(null, null),
        PUMP_NOW)).isEqualTo(Duration.ofMinutes(5));
    assertThat(DelayPump.remaining(meta(Duration.ofMinutes(10), null), received(null, null),
        PUMP_NOW)).isNull();
  }

  @Test
  void legacyAbsoluteDue_isStillHonoured() {
    assertThat(DelayPump.remaining(meta(null, PUMP_NOW.plusSeconds(2)), received(1L, 2L),
        PUMP_NOW)).isEqualTo(Duration.ofSeconds(2));
    assertThat(DelayPump.remaining(meta(null, PUMP_NOW.minusSeconds(2)), received(1L, 2L),
        PUMP_NOW)).isNull();
    assertThat(DelayPump.remaining(meta(null, null), received(1L, 2L), PUMP_NOW)).isNull();
  }

  @Test
  void wireFormat_carriesTheDelayAsADuration() {
    Meta m = new Meta("j1", Map.of("a", "b"), 3, PUMP_NOW, 2, Duration.ofMillis(12_345), null);
    String json = Codec.json(m);
    assertThat(json).contains("\"delay\":12345").doesNotContain("\"due\"");
    assertThat(Codec.meta(json)).isEqualTo(m);
  }
}
