package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalLiveIdsTest {

  private final ManualClock clock = new ManualClock();
  private final LocalLiveIds ids = new LocalLiveIds(clock);

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  void sweepsCostAboutTwoEntriesAWriteHoweverManyIdsAreLive() {
    // 300 000 ids live for an hour, as a busy RabbitMQ or SQS client holds in its dedup window.
    // Sweeping the whole registry every few thousand writes visited ~10 million entries here.
    int writes = 300_000;
    for (int i = 0; i < writes; i++) {
      assertThat(ids.add("q", "id-" + i, in(Duration.ofHours(1)))).isTrue();
    }
    assertThat(ids.size()).isEqualTo(writes);
    assertThat(ids.swept()).isLessThanOrEqualTo(2L * writes);
  }

  @Test
  void anExpiredIdBehindALiveOneIsDroppedByALaterSweep() {
    ids.add("q", "long", in(Duration.ofHours(1)));
    for (int i = 0; i < 10_000; i++) {
      ids.add("q", "short-" + i, in(Duration.ofSeconds(1)));
    }
    clock.advance(Duration.ofSeconds(2));
    assertThat(ids.contains("q", "short-1")).isFalse();
    // Only new, long-lived ids from here on: the expired ones wait behind "long" at the head
    // until a sweep, which must still come although every write adds an entry.
    for (int i = 0; i < 30_000; i++) {
      ids.add("q", "later-" + i, in(Duration.ofHours(1)));
    }
    assertThat(ids.size()).isEqualTo(1 + 30_000);
    assertThat(ids.contains("q", "long")).isTrue();
    assertThat(ids.contains("q", "later-29999")).isTrue();
  }

  @Test
  void anIdIsLiveUntilItExpiresThenCanBeAddedAgain() {
    assertThat(ids.add("q", "a", in(Duration.ofSeconds(10)))).isTrue();
    assertThat(ids.add("q", "a", in(Duration.ofSeconds(10)))).isFalse();
    assertThat(ids.contains("other", "a")).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(ids.contains("q", "a")).isFalse();
    assertThat(ids.add("q", "a", in(Duration.ofSeconds(10)))).isTrue();
  }
}
