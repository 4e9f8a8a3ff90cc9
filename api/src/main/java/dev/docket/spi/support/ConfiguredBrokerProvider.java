package dev.docket.spi.support;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link BrokerProvider} whose {@link #create} reads the broker's own configuration from the
 * {@link BrokerConfig} and opens the broker with it, which is all most providers do: {@code
 * super("redis", c -> RedisBroker.create(RedisBrokerConfig.from(c)), "redis", "rediss")}. The
 * factory runs only in {@link #create}, so constructing the provider does no I/O.
 *
 * @since 0.3
 */
public abstract class ConfiguredBrokerProvider extends NamedProvider implements BrokerProvider {
  private final Function<BrokerConfig, ? extends Broker> factory;

  /**
   * With the provider's name, the factory that parses the config and opens the broker (throwing
   * {@link dev.docket.InvalidConfigException} for bad options), and the schemes served.
   */
  protected ConfiguredBrokerProvider(String name, Function<BrokerConfig, ? extends Broker> factory,
      String... schemes) {
    super(name, schemes);
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public Broker create(BrokerConfig config) {
    return factory.apply(Objects.requireNonNull(config, "config"));
  }
}
