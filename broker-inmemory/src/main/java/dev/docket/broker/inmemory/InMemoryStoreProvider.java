package dev.docket.broker.inmemory;

import dev.docket.spi.StateStore;
import dev.docket.spi.StoreProvider;
import dev.docket.spi.support.Options;
import dev.docket.spi.support.NamedProvider;
import java.net.URI;
import java.time.Clock;

/**
 * Serves state store URIs {@code memory://}: a fresh {@link InMemoryStateStore} per client, on the
 * client's clock. Shared by the threads of one JVM only, which is the whole deployment when the
 * broker is {@code memory://} too.
 *
 * @since 0.1
 */
public final class InMemoryStoreProvider extends NamedProvider implements StoreProvider {

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryStoreProvider() {
    super("memory", "memory");
  }

  @Override
  public StateStore create(URI uri, Clock clock) {
    Options o = Options.ofQuery("in-memory state store", uri);
    if (uri.getHost() != null) {
      o.problem("in-memory state store URI '" + uri.getScheme() + "://" + uri.getHost()
          + "...' names a host; write memory://");
    }
    o.build(() -> Boolean.TRUE);
    return InMemoryStateStore.create(clock);
  }
}
