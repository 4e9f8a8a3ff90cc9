package dev.docket.tck.selftest;

import dev.docket.broker.redis.RedisBrokerProvider;
import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Serves the broken brokers of the fault kit's self-test by URI scheme: {@code
 * <breakage>+redis://host:port?…} opens the real Redis broker at {@code redis://host:port?…} and
 * wraps it in the breakage. Listed in {@code META-INF/services} of the self-test's class path, so
 * the fault kit's worker processes, which connect by URI as an application does, load the same
 * broken broker as the producer in the test JVM.
 */
public final class BrokenRedisProvider implements BrokerProvider {

  /** Scheme prefix to the wrapper that breaks the real broker. */
  static final Map<String, BiFunction<Broker, URI, Broker>> BREAKAGES = Map.of(
      "ackfirst", (b, uri) -> new AcksBeforeRunningBroker(b),
      "lossy", LosesOnReconnectBroker::new,
      "noredeliver", (b, uri) -> new DropsCrashedLeasesBroker(b));

  private static final String SUFFIX = "+redis";

  /** For {@link java.util.ServiceLoader}. */
  public BrokenRedisProvider() {}

  @Override
  public String name() {
    return "broken-redis";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("ackfirst" + SUFFIX, "lossy" + SUFFIX, "noredeliver" + SUFFIX);
  }

  @Override
  public Broker create(BrokerConfig config) {
    URI uri = config.uri();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    BiFunction<Broker, URI, Broker> breakage = BREAKAGES.get(scheme.substring(0, scheme.indexOf('+')));
    if (breakage == null || !scheme.endsWith(SUFFIX)) {
      throw new IllegalArgumentException("not a broken-redis scheme: " + scheme);
    }
    URI real = URI.create("redis" + uri.toString().substring(uri.getScheme().length()));
    return breakage.apply(
        new RedisBrokerProvider().create(new BrokerConfig(real, config.options(), config.clock())),
        real);
  }
}
