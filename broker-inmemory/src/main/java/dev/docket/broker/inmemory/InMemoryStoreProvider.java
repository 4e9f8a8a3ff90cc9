package dev.docket.broker.inmemory;

import dev.docket.InvalidConfigException;
import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import java.net.URI;
import java.time.Clock;
import java.util.Set;

/**
 * Serves state store URIs {@code memory://}: a fresh {@link InMemoryStateStore} per client, on the
 * client's clock. Shared by the threads of one JVM only, which is the whole deployment when the
 * broker is {@code memory://} too.
 *
 * @since 0.1
 */
public final class InMemoryStoreProvider implements StoreProvider {

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryStoreProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    if (uri.getHost() != null || (uri.getQuery() != null && !uri.getQuery().isEmpty())) {
      throw new InvalidConfigException("memory state store URI '" + uri.getScheme() + "://"
          + (uri.getHost() == null ? "" : uri.getHost()) + "...' takes no host or options;"
          + " write memory://");
    }
    return InMemoryStateStore.create(clock);
  }
}
