package dev.docket.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The manual time source: moves only when told, tells its listeners, keeps waits finite. */
class ManualClockTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void advance_movesTheInstantExactlyAndNeverBack() {
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    clock.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(3600));
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ManualClock(Instant.EPOCH).instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void nanoTime_includesEveryAdvance() {
    long before = clock.nanoTime();
    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  void nanoTime_survivesAHugeAdvance() {
    clock.advance(Duration.ofDays(365L * 1000));
    long a = clock.nanoTime();
    clock.advance(Duration.ofDays(365L * 1000));
    assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(a);
  }

  @Test
  void onChange_runsOnEveryAdvanceUntilClosed() {
    AtomicInteger calls = new AtomicInteger();
    TimeSource.Subscription sub = clock.onChange(calls::incrementAndGet);
    clock.advance(Duration.ofSeconds(1));
    clock.advance(Duration.ZERO);
    assertThat(calls).hasValue(2);
    sub.close();
    assertUnchangedByAnAdvance(calls);
  }

  @Test
  void onChange_sameListenerTwiceNeedsTwoCloses() {
    AtomicInteger calls = new AtomicInteger();
    Runnable listener = calls::incrementAndGet;
    TimeSource.Subscription first = clock.onChange(listener);
    TimeSource.Subscription second = clock.onChange(listener);
    first.close();
    clock.advance(Duration.ofSeconds(1));
    assertThat(calls).hasValue(1);
    second.close();
    assertUnchangedByAnAdvance(calls);
  }

  @Test
  void isAControllableUtcClockThatTimeSourceOfFindsAgain() {
    assertThat(clock.controllable()).isTrue();
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.clock()).isSameAs(clock);
    Clock asClock = clock;
    assertThat(TimeSource.of(asClock)).isSameAs(clock);
    assertThatThrownBy(() -> clock.withZone(java.time.ZoneId.of("Europe/Paris")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Advancing the clock a second leaves {@code calls} as it is: no listener is left. */
  private void assertUnchangedByAnAdvance(AtomicInteger calls) {
    int before = calls.get();
    clock.advance(Duration.ofSeconds(1));
    assertThat(calls).hasValue(before);
  }
}
