package dev.docket.spi;

import java.util.Set;

/**
 * Creates brokers for the URI schemes it serves. Found through {@link java.util.ServiceLoader}; a
 * broker module lists its provider in {@code META-INF/services/dev.docket.spi.BrokerProvider}.
 * Constructors do no I/O: connections open in {@link #create}.
 *
 * @since 0.1
 */
public interface BrokerProvider {

  /** The SPI version this build of Docket speaks. */
  int SPI_VERSION = 1;

  /** A short unique name, such as {@code memory} or {@code redis}; used to pick a provider. */
  String name();

  /** URI schemes served, lower case, such as {@code redis} and {@code rediss}. */
  Set<String> schemes();

  /** The SPI version the provider was built against; a mismatch is refused at discovery. */
  default int spiVersion() {
    return SPI_VERSION;
  }

  /**
   * Opens a broker. Invalid options fail with {@link dev.docket.InvalidConfigException} naming
   * every problem; an unreachable server with {@link dev.docket.BrokerUnavailableException}.
   */
  Broker create(BrokerConfig config);
}
