package dev.docket.broker.inmemory;

import dev.docket.spi.support.ConfiguredBrokerProvider;

/**
 * Serves {@code memory://}: a fresh {@link InMemoryBroker} per client, on the client's clock.
 * Options: see {@link InMemoryBrokerConfig}.
 *
 * @since 0.1
 */
public final class InMemoryBrokerProvider extends ConfiguredBrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryBrokerProvider() {
    super("memory", c -> InMemoryBroker.create(InMemoryBrokerConfig.from(c)), "memory");
  }
}
