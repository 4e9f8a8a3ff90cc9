package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The hop arithmetic over a 30-day delay, step by step on simulated time: SQS runs in real time,
 * so the TCK's 30-day rule (R4.5) cannot run against it; this proves the chain instead.
 */
class DelayPlanTest {

  @Test
  void thirtyDays_takes2880HopsOfFifteenMinutes_andIsNeverEarly() {
    Instant start = Instant.parse("2030-01-01T00:00:00.250Z");
    Instant due = start.plus(Duration.ofDays(30)).plusMillis(300);
    Instant now = start;
    int hops = 0;
    int seconds;
    while ((seconds = DelayPlan.hopSeconds(Duration.between(now, due), Duration.ofMinutes(15)))
        > 0) {
      assertThat(seconds).isBetween(1, 900);
      now = now.plusSeconds(seconds); // the message becomes visible when its hop ends
      hops++;
    }
    assertThat(now).as("delivered when due, never before").isAfterOrEqualTo(due);
    assertThat(Duration.between(due, now)).as("late by less than a second")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(hops).isEqualTo(2881);
  }

  @Test
  void hopSeconds_roundsUpAndCaps() {
    assertThat(DelayPlan.hopSeconds(Duration.ZERO, Duration.ofMinutes(15))).isZero();
    assertThat(DelayPlan.hopSeconds(Duration.ofMillis(-5), Duration.ofMinutes(15))).isZero();
    assertThat(DelayPlan.hopSeconds(Duration.ofMillis(1), Duration.ofMinutes(15))).isEqualTo(1);
    assertThat(DelayPlan.hopSeconds(Duration.ofMillis(1001), Duration.ofMinutes(15)))
        .isEqualTo(2);
    assertThat(DelayPlan.hopSeconds(Duration.ofSeconds(2), Duration.ofMinutes(15))).isEqualTo(2);
    assertThat(DelayPlan.hopSeconds(Duration.ofHours(2), Duration.ofMinutes(15))).isEqualTo(900);
    assertThat(DelayPlan.hopSeconds(Duration.ofHours(2), Duration.ofSeconds(1))).isEqualTo(1);
  }
}
