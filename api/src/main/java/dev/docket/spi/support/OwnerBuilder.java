package dev.docket.spi.support;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every broker configuration builder shares: the clock, and the owner heartbeat and
 * timeout by which a live process takes over the jobs of one that died (see {@link
 * dev.docket.spi.LiveIdRegistry}). A broker's {@code Builder} extends it, so these setters, their
 * null checks and their defaults are written once; the broker's record still validates the
 * values, with its own messages.
 *
 * @param <B> the concrete builder, which every setter returns
 * @since 0.3
 */
public abstract class OwnerBuilder<B extends OwnerBuilder<B>> {
  private Clock clock = Clock.systemUTC();
  private Duration heartbeat;
  private Duration ownerTimeout;

  /** With the broker's default heartbeat and owner timeout; the clock defaults to UTC. */
  protected OwnerBuilder(Duration defaultHeartbeat, Duration defaultOwnerTimeout) {
    this.heartbeat = Objects.requireNonNull(defaultHeartbeat, "defaultHeartbeat");
    this.ownerTimeout = Objects.requireNonNull(defaultOwnerTimeout, "defaultOwnerTimeout");
  }

  /** This builder as its concrete type, for a subclass's setters to return. */
  @SuppressWarnings("unchecked")
  protected final B self() {
    return (B) this;
  }

  /** Wall time for delays, leases and timestamps; default {@link Clock#systemUTC()}. */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** How often the owner heartbeat is written; zero turns owners off. */
  public B heartbeat(Duration heartbeat) {
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    return self();
  }

  /** How old an owner's heartbeat may get before its jobs are taken over. */
  public B ownerTimeout(Duration ownerTimeout) {
    this.ownerTimeout = Objects.requireNonNull(ownerTimeout, "ownerTimeout");
    return self();
  }

  /** The clock set, for {@code build()}. */
  protected final Clock clockSetting() {
    return clock;
  }

  /** The heartbeat set, for {@code build()}. */
  protected final Duration heartbeatSetting() {
    return heartbeat;
  }

  /** The owner timeout set, for {@code build()}. */
  protected final Duration ownerTimeoutSetting() {
    return ownerTimeout;
  }
}
