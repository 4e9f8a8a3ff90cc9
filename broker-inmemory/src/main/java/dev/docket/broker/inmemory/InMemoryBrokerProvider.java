package dev.docket.broker.inmemory;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.Set;

/**
 * Serves {@code memory://}: a fresh {@link InMemoryBroker} per client, on the client's clock.
 * Options: see {@link InMemoryBrokerConfig}.
 *
 * @since 0.1
 */
public final class InMemoryBrokerProvider implements BrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryBrokerProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Broker create(BrokerConfig config) {
    return InMemoryBroker.create(InMemoryBrokerConfig.from(config));
  }
}
