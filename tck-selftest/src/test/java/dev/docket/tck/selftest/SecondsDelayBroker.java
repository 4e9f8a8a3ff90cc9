package dev.docket.tck.selftest;

import dev.docket.spi.Broker;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.ForwardingBroker;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Keeps delays in whole seconds, rounding down: a message due at 10:00:00.900 is delivered at
 * 10:00:00, up to a second early.
 *
 * <p>Models a module for a backend with second granularity (SQS {@code DelaySeconds}, a Redis
 * sorted set scored in epoch seconds) that truncates instead of rounding up. Rounding up would be
 * legal (late within the declared tolerance); rounding down breaks "never early".
 */
final class SecondsDelayBroker extends ForwardingBroker {

  SecondsDelayBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return delegate()
        .publish(
            queue,
            messages.stream()
                .map(
                    m ->
                        m.notBefore() == null
                            ? m
                            : m.withNotBefore(m.notBefore().truncatedTo(ChronoUnit.SECONDS)))
                .toList());
  }
}
