package dev.docket.tck.selftest;

import dev.docket.Page;
import dev.docket.spi.Broker;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.ForwardingQueueBrowser;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Declares {@code listQueues} but answers every listing with an empty page, as a broker does
 * that lists from a registry it never writes to: tools then show no queue at all, and a test
 * that only checks "no error, no duplicates" would pass.
 */
final class ListsNothingBroker extends ForwardingBroker {

  ListsNothingBroker(Broker delegate) {
    super(delegate);
  }

  @Override
  public QueueBrowser browser() {
    return new ForwardingQueueBrowser(delegate().browser()) {
      @Override
      public Page<QueueInfo> queues(@Nullable String cursor, int limit) {
        return new Page<>(List.of(), null);
      }
    };
  }
}
