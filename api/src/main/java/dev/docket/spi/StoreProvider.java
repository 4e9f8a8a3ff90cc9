package dev.docket.spi;

import dev.docket.internal.StoreDiscovery;
import java.net.URI;
import java.time.Clock;
import java.util.Set;

/**
 * Creates {@link StateStore}s for the URI schemes it serves, found through {@link
 * java.util.ServiceLoader} like {@link BrokerProvider}.
 *
 * @since 0.1
 */
public interface StoreProvider {

  /** A short unique name. */
  String name();

  /** URI schemes served. */
  Set<String> schemes();

  /** Opens a store. */
  StateStore create(URI uri, Clock clock);

  /**
   * Opens the state store at {@code uri} through the one provider on {@code loader}'s class path
   * that serves its scheme; for brokers that take a store URI as an option. None or several throw
   * an {@link dev.docket.InvalidConfigException}
   * naming the scheme, the providers found and the module to add.
   */
  static StateStore open(URI uri, Clock clock, ClassLoader loader) {
    return StoreDiscovery.resolve(loader, uri).create(uri, clock);
  }
}
