package dev.docket.spi;

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
}
