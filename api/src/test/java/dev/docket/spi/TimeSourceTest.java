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
  void clock_ofASourceThatIsNoClockRoundTripsWithEverything() {
    AtomicInteger calls = new AtomicInteger();
    Instant at = Instant.parse("2032-01-01T00:00:00Z");
    TimeSource custom = new TimeSource() {
      @Override
      public Instant instant() {
        return at;
      }

      @Override
      public long nanoTime() {
        return 42;
      }

      @Override
      public boolean controllable() {
        return true;
      }

      @Override
      public Subscription onChange(Runnable listener) {
        listener.run();
        return calls::incrementAndGet;
      }
    };
    Clock view = custom.clock();
    assertThat(view.instant()).isEqualTo(at);
    assertThat(view.getZone()).isEqualTo(ZoneOffset.UTC);
    TimeSource back = TimeSource.of(view);
    assertThat(back.controllable()).isTrue();
    assertThat(back.nanoTime()).isEqualTo(42);
    AtomicInteger ran = new AtomicInteger();
    back.onChange(ran::incrementAndGet).close();
    assertThat(ran).hasValue(1);
    assertThat(calls).hasValue(1);
  }

  @Test
  void onChange_ofTheSystemSourceNeverRunsAndClosesQuietly() {
    AtomicInteger calls = new AtomicInteger();
    TimeSource.Subscription sub = TimeSource.system().onChange(calls::incrementAndGet);
    sub.close();
    assertThat(calls).hasValue(0);
  }
}
