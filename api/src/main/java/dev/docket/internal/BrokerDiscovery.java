package dev.docket.internal;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerProvider;
import java.net.URI;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Picks the {@link BrokerProvider} for a URI: an explicit provider name first, else the one
 * provider serving the URI scheme. Zero or several matches throw with every provider found and the
 * fix; it never falls back to a no-op broker.
 */
public final class BrokerDiscovery {
  /** Where the error messages point. */
  public static final String DOCS = "https://docket.dev/docs/brokers#discovery";

  private static final String MODULES =
      "memory -> docket-broker-inmemory, redis/rediss -> docket-broker-redis,"
          + " amqp/amqps -> docket-broker-rabbitmq, sqs -> docket-broker-sqs";

  private final List<BrokerProvider> providers;
  private final List<String> loadErrors;

  /** A registry of exactly these providers (tests). */
  public BrokerDiscovery(List<BrokerProvider> providers) {
    this(providers, List.of());
  }

  private BrokerDiscovery(List<BrokerProvider> providers, List<String> loadErrors) {
    this.providers = List.copyOf(providers);
    this.loadErrors = List.copyOf(loadErrors);
  }

  /** Every provider {@link ServiceLoader} finds through {@code loader}, skipping broken ones. */
  public static BrokerDiscovery load(ClassLoader loader) {
    List<BrokerProvider> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Iterator<BrokerProvider> it = ServiceLoader.load(BrokerProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        BrokerProvider p = it.next();
        if (p.spiVersion() != BrokerProvider.SPI_VERSION) {
          errors.add(p.getClass().getName() + " speaks SPI version " + p.spiVersion()
              + " but this Docket needs " + BrokerProvider.SPI_VERSION
              + "; use matching versions of docket-api and the broker module");
          continue;
        }
        found.add(p);
      } catch (ServiceConfigurationError e) {
        errors.add(e.getMessage());
      }
    }
    return new BrokerDiscovery(found, errors);
  }

  /** The providers known. */
  public List<BrokerProvider> providers() {
    return providers;
  }

  /** The provider named {@code name}, or else serving {@code uri}'s scheme. */
  public BrokerProvider resolve(URI uri, @Nullable String name) {
    if (name != null && !name.isBlank()) {
      List<BrokerProvider> named =
          providers.stream().filter(p -> p.name().equalsIgnoreCase(name.trim())).toList();
      if (named.size() == 1) {
        return named.get(0);
      }
      if (named.isEmpty()) {
        throw new InvalidConfigException("No broker provider is named '" + name
            + "' (set by docket.broker.provider / DOCKET_BROKER_PROVIDER). " + describe()
            + " See " + DOCS);
      }
      throw new InvalidConfigException("Several broker providers are named '" + name + "': "
          + list(named) + ". Keep one of their modules on the classpath. See " + DOCS);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    List<BrokerProvider> matches =
        providers.stream().filter(p -> p.schemes().contains(scheme)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new InvalidConfigException("No broker provider serves the URI scheme '" + scheme
          + "'. " + describe() + " Add the module for it (" + MODULES + "). See " + DOCS);
    }
    throw new InvalidConfigException("Several broker providers serve the URI scheme '"
        + scheme + "': " + list(matches) + ". Pick one with docket.broker.provider=<name>"
        + " (or DOCKET_BROKER_PROVIDER). See " + DOCS);
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    if (providers.isEmpty()) {
      sb.append("No broker provider was found on the classpath or module path.");
    } else {
      sb.append("Providers found: ").append(list(providers)).append('.');
    }
    if (!loadErrors.isEmpty()) {
      sb.append(" Providers that failed to load: ").append(String.join("; ", loadErrors))
          .append('.');
    }
    return sb.toString();
  }

  private static String list(List<BrokerProvider> ps) {
    List<String> out = new ArrayList<>();
    for (BrokerProvider p : ps) {
      out.add(p.name() + " " + p.schemes() + " (" + p.getClass().getName() + " from "
          + location(p.getClass()) + ")");
    }
    return String.join(", ", out);
  }

  private static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return type.getModule().isNamed() ? "module " + type.getModule().getName() : "unknown";
    }
    return source.getLocation().toString();
  }
}
