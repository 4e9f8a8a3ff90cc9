package dev.docket.internal;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import dev.docket.spi.StateStore;
import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The broker and store a client opens from its settings: the given ones, else discovered by URI
 * (an in-memory store for a memory:// broker without a store URI). Kept out of {@code
 * Docket.Builder} so the public builder only collects settings.
 *
 * @param broker the open broker
 * @param store the open store, or null when none is configured
 * @param description how the client names its broker in {@code toString}, credentials redacted
 */
public record Connection(Broker broker, @Nullable StateStore store, String description) {

  /**
   * Opens what {@code settings} describe. A {@code broker} or {@code store} given wins over the
   * settings; a {@code provider} given skips discovery. A store opened here is closed again when
   * the broker fails to open.
   */
  public static Connection open(DocketSettings settings, @Nullable BrokerProvider provider,
      @Nullable Broker broker, @Nullable StateStore store, ClassLoader classLoader, Clock clock) {
    if (broker != null) {
      return new Connection(broker, openStore(settings, store, false, classLoader, clock),
          broker.getClass().getSimpleName());
    }
    BrokerProvider p = provider != null ? provider
        : BrokerDiscovery.load(classLoader).resolve(settings.brokerUri(), settings.provider());
    URI uri = settings.brokerUri();
    BrokerConfig brokerConfig = new BrokerConfig(uri, settings.options(), clock);
    boolean inProcess = "memory".equalsIgnoreCase(uri.getScheme());
    StateStore s = openStore(settings, store, inProcess, classLoader, clock);
    Broker b;
    try {
      b = p.create(brokerConfig);
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      throw e;
    }
    return new Connection(b, s, p.name() + " " + brokerConfig.redactedUri());
  }

  /** The explicit store, else the configured URI's, else in-memory for a memory:// broker. */
  private static @Nullable StateStore openStore(DocketSettings settings,
      @Nullable StateStore store, boolean inProcess, ClassLoader classLoader, Clock clock) {
    if (store != null) {
      return store;
    }
    URI storeUri = settings.storeUri();
    if (storeUri == null && inProcess) {
      storeUri = URI.create("memory:///");
    }
    if (storeUri == null) {
      return null;
    }
    return StoreDiscovery.resolve(classLoader, storeUri).create(storeUri, clock);
  }
}
