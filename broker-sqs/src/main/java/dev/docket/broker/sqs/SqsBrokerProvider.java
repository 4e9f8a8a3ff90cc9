package dev.docket.broker.sqs;

import dev.docket.spi.support.ConfiguredBrokerProvider;

/**
 * Serves {@code sqs://REGION[/PREFIX][?options]}; see {@link SqsBrokerConfig} for the options.
 * Does no I/O until {@link #create}.
 *
 * @since 0.1
 */
public final class SqsBrokerProvider extends ConfiguredBrokerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public SqsBrokerProvider() {
    super("sqs", c -> SqsBroker.create(SqsBrokerConfig.from(c)), "sqs");
  }
}
