package dev.docket.internal;

import dev.docket.InvalidConfigException;
import dev.docket.spi.Redaction;
import dev.docket.spi.UriComponents;
import dev.docket.spi.support.Options;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Parses Docket's configuration keys from one map, collecting every problem before failing.
 *
 * <ul>
 *   <li>{@code docket.broker.uri}: the broker URI (default {@code memory://})
 *   <li>{@code docket.broker.provider}: a provider name, overriding the scheme
 *   <li>{@code docket.broker.option.<name>}: a broker option (also from the URI query string)
 *   <li>{@code docket.store.uri}: the state store URI (used by coordination features)
 * </ul>
 *
 * @param brokerUri the broker URI with its query string removed
 * @param provider explicit provider name, or {@code null}
 * @param options broker options
 * @param storeUri store URI, or {@code null}
 */
public record DocketSettings(
    URI brokerUri, @Nullable String provider, Map<String, String> options,
    @Nullable URI storeUri) {

  /** Key of the broker URI. */
  public static final String BROKER_URI = "docket.broker.uri";

  /** Key of the explicit provider name. */
  public static final String BROKER_PROVIDER = "docket.broker.provider";

  /** Prefix of broker options. */
  public static final String BROKER_OPTION = "docket.broker.option.";

  /** Key of the state store URI. */
  public static final String STORE_URI = "docket.store.uri";

  /** The default broker. */
  public static final String DEFAULT_BROKER_URI = "memory://";

  /** Environment variable for the broker URI. */
  public static final String ENV_BROKER_URI = "DOCKET_BROKER_URI";

  /** Environment variable for an explicit provider name. */
  public static final String ENV_BROKER_PROVIDER = "DOCKET_BROKER_PROVIDER";

  /** Environment variable for the state store URI. */
  public static final String ENV_STORE_URI = "DOCKET_STORE_URI";

  private static final Set<String> KNOWN = Set.of(BROKER_URI, BROKER_PROVIDER, STORE_URI);

  /** Every property of {@code properties}, as a map. */
  public static Map<String, String> fromProperties(Properties properties) {
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }

  /** The {@code docket.*} keys set by the {@code DOCKET_*} variables of {@code env}. */
  public static Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> map = new HashMap<>();
    putIfSet(map, BROKER_URI, env.get(ENV_BROKER_URI));
    putIfSet(map, BROKER_PROVIDER, env.get(ENV_BROKER_PROVIDER));
    putIfSet(map, STORE_URI, env.get(ENV_STORE_URI));
    return map;
  }

  private static void putIfSet(Map<String, String> map, String key, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }

  /** Reads {@code docket.*} keys; other keys are ignored, unknown {@code docket.*} keys fail. */
  public static DocketSettings from(Map<String, String> config) {
    List<String> problems = new ArrayList<>();
    Map<String, String> options = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("docket.")) {
        continue;
      }
      if (key.startsWith(BROKER_OPTION)) {
        String name = key.substring(BROKER_OPTION.length());
        if (name.isEmpty()) {
          problems.add("'" + key + "' has no option name after '" + BROKER_OPTION + "'");
        } else {
          options.put(name, e.getValue());
        }
      } else if (!KNOWN.contains(key)) {
        problems.add("unknown key '" + key + "'; known keys are " + BROKER_URI + ", "
            + BROKER_PROVIDER + ", " + STORE_URI + " and " + BROKER_OPTION + "<name>");
      }
    }
    String rawUri = config.getOrDefault(BROKER_URI, DEFAULT_BROKER_URI);
    URI brokerUri = null;
    if (rawUri == null || rawUri.isBlank()) {
      problems.add("'" + BROKER_URI + "' is empty; give a URI such as memory:// or"
          + " redis://localhost:6379");
    } else {
      brokerUri = parse(rawUri.trim(), BROKER_URI, problems);
      if (brokerUri != null) {
        Map<String, String> fromQuery = query(brokerUri, problems);
        fromQuery.forEach(options::putIfAbsent);
        brokerUri = withoutQuery(brokerUri);
      }
    }
    String rawStore = config.get(STORE_URI);
    URI storeUri = rawStore == null || rawStore.isBlank() ? null
        : parse(rawStore.trim(), STORE_URI, problems);
    String provider = config.get(BROKER_PROVIDER);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    // Without problems the broker URI parsed.
    return new DocketSettings(Objects.requireNonNull(brokerUri), provider, options, storeUri);
  }

  private static @Nullable URI parse(String raw, String key, List<String> problems) {
    try {
      // java.net.URI rejects an empty authority ("memory://"); "memory:///" means the same.
      URI uri = new URI(raw.matches("[A-Za-z][A-Za-z0-9+.-]*://(\\?.*)?")
          ? raw.replaceFirst("://", ":///") : raw);
      if (uri.getScheme() == null) {
        problems.add("'" + key + "' = '" + Redaction.redact(raw)
            + "' has no scheme; write it as scheme://..., e.g. memory:// or redis://host:6379");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add("'" + key + "' = '" + Redaction.redact(raw) + "' is not a valid URI: "
          + e.getReason() + " at index " + e.getIndex());
      return null;
    }
  }

  private static Map<String, String> query(URI uri, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : Options.rawQueryParts(uri)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add("URI query part '" + pair + "' is not name=value");
        continue;
      }
      try {
        out.put(UriComponents.decode(pair.substring(0, eq), "a URI query name"),
            UriComponents.decode(pair.substring(eq + 1), "the URI query value of '"
                + pair.substring(0, eq) + "'"));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return out;
  }

  private static URI withoutQuery(URI uri) {
    if (uri.getRawQuery() == null) {
      return uri;
    }
    String s = uri.toString();
    return URI.create(s.substring(0, s.indexOf('?')));
  }
}
