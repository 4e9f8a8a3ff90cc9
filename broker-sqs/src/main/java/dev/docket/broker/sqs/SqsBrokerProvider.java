package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.Set;

/**
 * Serves {@code sqs://REGION[/PREFIX][?options]}; see {@link SqsBrokerConfig} for the options.
 * Does no I/O until {@link #create}.
 *
 * @since 0.1
 */
public final class SqsBrokerProvider implements BrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public SqsBrokerProvider() {}

  @Override
  public String name() {
    return "sqs";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("sqs");
  }

  @Override
  public Broker create(BrokerConfig config) {
    return SqsBroker.create(SqsBrokerConfig.from(config));
  }
}
