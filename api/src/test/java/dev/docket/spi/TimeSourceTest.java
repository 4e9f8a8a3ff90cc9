package dev.docket.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The real-time source, and adapting a plain clock. */
class TimeSourceTest {

  @Test
  void system_isRealTimeAndNotControllable() {
    TimeSource system = TimeSource.system();
    assertThat(system.controllable()).isFalse();
    Instant before = Instant.now();
    assertThat(system.instant()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    long a = system.nanoTime();
    assertThat(system.nanoTime()).isGreaterThanOrEqualTo(a);
    assertThat(system.clock().getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void of_aPlainClockReadsItsInstantsAndIsNotControllable() {
    Clock fixed = Clock.fixed(Instant.parse("2031-02-03T04:05:06Z"), ZoneOffset.UTC);
    TimeSource source = TimeSource.of(fixed);
    assertThat(source.controllable()).isFalse();
    assertThat(source.instant()).isEqualTo(fixed.instant());
    // Real elapsed time still flows, so bounded waits on a fixed clock end.
    long a = source.nanoTime();
    assertThat(source.nanoTime()).isGreaterThanOrEqualTo(a);
  }

  @Test
  void of_theClockViewOfASourceGivesTheSourceBack() {
    TimeSource source = TimeSource.of(Clock.systemUTC());
    assertThat(TimeSource.of(source.clock())).isSameAs(source);
    assertThat(TimeSource.of(TimeSource.system().clock())).isSameAs(TimeSource.system());
  }

  @Test
  void onChange_ofTheSystemSourceNeverRunsAndClosesQuietly() {
    AtomicInteger calls = new AtomicInteger();
    TimeSource.Subscription sub = TimeSource.system().onChange(calls::incrementAndGet);
    sub.close();
    assertThat(calls).hasValue(0);
  }
}
