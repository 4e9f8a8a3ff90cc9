package dev.docket.internal;

import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Real time: instants from a {@link Clock} (the system UTC clock by default) and elapsed time
 * from {@link System#nanoTime()}. It is a {@code Clock} itself so that {@link TimeSource#clock()}
 * and {@link TimeSource#of(Clock)} round-trip. Never controllable; nothing moves it by hand, so
 * {@link #onChange} listeners are never called.
 */
public final class SystemTimeSource extends Clock implements TimeSource {

  /** The system UTC clock. */
  public static final SystemTimeSource UTC = new SystemTimeSource(Clock.systemUTC());

  private final Clock clock;

  private SystemTimeSource(Clock clock) {
    this.clock = clock;
  }

  /** Real time whose instants come from {@code clock} (a fixed or offset clock in some tests). */
  public static SystemTimeSource reading(Clock clock) {
    return new SystemTimeSource(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public Instant instant() {
    return clock.instant();
  }

  @Override
  public long millis() {
    return clock.millis();
  }

  @Override
  public long nanoTime() {
    // The one place main code reads the JVM's monotonic counter for the runtime.
    return System.nanoTime();
  }

  @Override
  public boolean controllable() {
    return false;
  }

  @Override
  public Subscription onChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    return () -> {};
  }

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public ZoneId getZone() {
    return clock.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(clock.getZone()) ? this : new SystemTimeSource(clock.withZone(zone));
  }

  @Override
  public String toString() {
    return "SystemTimeSource[" + clock + "]";
  }
}
