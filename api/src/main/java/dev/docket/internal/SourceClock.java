package dev.docket.internal;

import dev.docket.spi.TimeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The UTC {@link Clock} view of a {@link TimeSource} that is not a clock itself. It is a time
 * source too, delegating every call, so that a source handed through a {@code Clock}-typed
 * setting (a {@code BrokerConfig}, a store provider) keeps its monotonic time, controllability
 * and listeners when {@link TimeSource#of(Clock)} reads it back.
 */
public final class SourceClock extends Clock implements TimeSource {
  private final TimeSource source;
  private final ZoneId zone;

  private SourceClock(TimeSource source, ZoneId zone) {
    this.source = source;
    this.zone = zone;
  }

  /** The UTC view of {@code source}. */
  public static SourceClock of(TimeSource source) {
    return new SourceClock(Objects.requireNonNull(source, "source"), ZoneOffset.UTC);
  }

  @Override
  public Instant instant() {
    return source.instant();
  }

  @Override
  public long nanoTime() {
    return source.nanoTime();
  }

  @Override
  public boolean controllable() {
    return source.controllable();
  }

  @Override
  public Subscription onChange(Runnable listener) {
    return source.onChange(listener);
  }

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(this.zone) ? this : new SourceClock(source, zone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceClock other && other.source.equals(source) && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return source.hashCode() * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "SourceClock[" + source + "]";
  }
}
