package dev.docket.broker.inmemory;

import dev.docket.InvalidConfigException;
import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code memory://}: a fresh {@link InMemoryBroker} per client, on the client's clock.
 * Option {@code maxMessageBytes} (default 1 MiB) caps the body size.
 *
 * @since 0.1
 */
public final class InMemoryBrokerProvider implements BrokerProvider {

  /** The option capping the body size. */
  public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";

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
    List<String> problems = new ArrayList<>();
    InMemoryBroker.Builder b = InMemoryBroker.builder().time(config.time());
    for (Map.Entry<String, String> e : config.options().entrySet()) {
      if (e.getKey().equals(MAX_MESSAGE_BYTES)) {
        try {
          b.maxMessageBytes(Long.parseLong(e.getValue().trim()));
        } catch (IllegalArgumentException ex) {
          problems.add("memory broker option " + MAX_MESSAGE_BYTES + "='" + e.getValue()
              + "' is not a positive whole number of bytes");
        }
      } else {
        problems.add("memory broker option '" + e.getKey() + "' is unknown; it knows "
            + MAX_MESSAGE_BYTES);
      }
    }
    if (config.uri().getHost() != null) {
      problems.add("memory broker URI " + config.redactedUri() + " names a host; write memory://"
          + " (the in-memory broker lives in this JVM only)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return b.build();
  }
}
