package dev.docket.broker.inmemory;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.TimeSource;
import dev.docket.spi.support.Options;
import java.time.Clock;
import java.util.Objects;

/**
 * Settings of an {@link InMemoryBroker}. Build one with {@link #builder()}, or read one from a
 * provider's {@link BrokerConfig} ({@code memory://?maxMessageBytes=1024}) with {@link
 * #from(BrokerConfig)}; open the broker with {@link InMemoryBroker#create(InMemoryBrokerConfig)}.
 *
 * @param maxMessageBytes largest body accepted (option {@value #MAX_MESSAGE_BYTES}, default
 *     {@value InMemoryBroker#DEFAULT_MAX_MESSAGE_BYTES}, 1 MiB)
 * @param time the time source for delays, leases, timestamps and waits (default {@link
 *     TimeSource#system()}); a controllable one makes the broker declare a controllable clock
 * @since 0.3
 */
public record InMemoryBrokerConfig(long maxMessageBytes, TimeSource time) {

  /** Option: largest body. */
  public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";

  /** Validates. */
  public InMemoryBrokerConfig {
    Objects.requireNonNull(time, "time");
    if (maxMessageBytes < 1) {
      throw new InvalidConfigException("in-memory broker option " + MAX_MESSAGE_BYTES + "="
          + maxMessageBytes + " must be positive");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a provider's config: the URI must be {@code memory://} with no host; options (from the
   * query or configuration) are {@value #MAX_MESSAGE_BYTES}. Every problem fails together.
   */
  public static InMemoryBrokerConfig from(BrokerConfig config) {
    Objects.requireNonNull(config, "config");
    Options o = Options.of("in-memory broker", config);
    Builder b = builder().time(config.time()).maxMessageBytes(
        o.longValue(MAX_MESSAGE_BYTES, InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES, 1,
            Long.MAX_VALUE));
    if (config.uri().getHost() != null) {
      o.problem("in-memory broker URI " + config.redactedUri() + " names a host; write"
          + " memory:// (the in-memory broker lives in this JVM only)");
    }
    return o.build(b::build);
  }

  /** Builds an {@link InMemoryBrokerConfig}. */
  public static final class Builder {
    private TimeSource time = TimeSource.system();
    private long maxMessageBytes = InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES;

    private Builder() {}

    /** The time source (default {@link TimeSource#system()}). */
    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The clock, as {@link TimeSource#of(Clock)}. */
    public Builder clock(Clock clock) {
      return time(TimeSource.of(Objects.requireNonNull(clock, "clock")));
    }

    /** Largest body accepted (default 1 MiB). */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** Validates and builds. */
    public InMemoryBrokerConfig build() {
      return new InMemoryBrokerConfig(maxMessageBytes, time);
    }
  }
}
