package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's timers run on the injected clock: exact on a manual one. */
class ClockSchedulerTest {
  private final ManualClock clock = new ManualClock();
  private final ClockScheduler scheduler = new ClockScheduler(clock, "test-timers");

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void schedule_runsOnlyOnceTheClockReachesTheDelay() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    var unused = scheduler.schedule(Duration.ofSeconds(10), ran::countDown);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("1 ms early").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(ran.await(10, TimeUnit.SECONDS)).as("at the instant").isTrue();
  }

  @Test
  void cancel_keepsAnActionFromRunning() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch later = new CountDownLatch(1);
    scheduler.schedule(Duration.ofSeconds(1), runs::incrementAndGet).cancel();
    var unused = scheduler.schedule(Duration.ofSeconds(2), later::countDown);
    clock.advance(Duration.ofSeconds(3));
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).isZero();
  }

  @Test
  void fixedRate_collapsesRunsMissedInAJump_andStopsWhenCancelled() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Semaphore ran = new Semaphore(0);
    var handle = scheduler.scheduleAtFixedRate(Duration.ofSeconds(1), () -> {
      runs.incrementAndGet();
      ran.release();
    });
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran.tryAcquire(10, TimeUnit.SECONDS)).as("a run after the jump").isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran.tryAcquire(10, TimeUnit.SECONDS)).as("the next period's run").isTrue();
    handle.cancel();
    CountDownLatch marker = new CountDownLatch(1);
    var unused = scheduler.schedule(Duration.ofSeconds(5), marker::countDown);
    clock.advance(Duration.ofSeconds(5));
    assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).as("runs after cancel").isEqualTo(2);
  }
}
