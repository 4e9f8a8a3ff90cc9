package dev.docket.internal;

import dev.docket.InvalidConfigException;
import dev.docket.spi.StoreProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Picks the {@link StoreProvider} serving a state store URI's scheme. Zero or several matches throw
 * with what was found and the module to add.
 */
public final class StoreDiscovery {

  private static final String MODULES =
      "memory -> docket-broker-inmemory, redis/rediss -> docket-broker-redis";

  private StoreDiscovery() {}

  /** The one provider {@link ServiceLoader} finds through {@code loader} for {@code uri}. */
  public static StoreProvider resolve(ClassLoader loader, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    List<StoreProvider> matches = new ArrayList<>();
    List<String> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    var it = ServiceLoader.load(StoreProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        StoreProvider p = it.next();
        found.add(p.name() + " " + p.schemes());
        if (p.schemes().contains(scheme)) {
          matches.add(p);
        }
      } catch (ServiceConfigurationError e) {
        errors.add(e.getMessage());
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    String seen = (found.isEmpty() ? "No state store provider was found."
        : "State store providers found: " + String.join(", ", found) + ".")
        + (errors.isEmpty() ? "" : " Providers that failed to load: " + String.join("; ", errors));
    if (matches.isEmpty()) {
      throw new InvalidConfigException("No state store provider serves the URI scheme '" + scheme
          + "' (docket.store.uri / DOCKET_STORE_URI). " + seen + " Add the module for it ("
          + MODULES + ").");
    }
    throw new InvalidConfigException("Several state store providers serve the URI scheme '"
        + scheme + "'. " + seen + " Keep one of their modules on the class path.");
  }
}
