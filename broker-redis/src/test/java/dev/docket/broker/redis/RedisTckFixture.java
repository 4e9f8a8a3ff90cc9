package dev.docket.broker.redis;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The Redis broker and the Redis state store for the TCK, as a Redis-only deployment runs them.
 * Each test gets its own key prefixes (the broker's is the test's namespace, the store's {@code
 * state-<namespace>}), deleted afterwards. Variants: the test's manual clock for the broker's
 * scripts instead of the server's {@code TIME} (every key, script and wake-up stays the
 * production one), and a Redis Cluster seed, through Lettuce's cluster client.
 *
 * <p>The store keeps its TTLs on the server, so it never follows the manual clock.
 */
final class RedisTckFixture implements TckFixture {

  private final URI server;
  private final boolean cluster;
  private final boolean manualClock;
  private boolean storeOpened;

  private RedisTckFixture(URI server, boolean cluster, boolean manualClock) {
    this.server = server;
    this.cluster = cluster;
    this.manualClock = manualClock;
  }

  /** The shared test Redis, in real time: scripts read the server's clock. */
  static RedisTckFixture standalone() {
    return new RedisTckFixture(RedisTestServer.uri(), false, false);
  }

  /** The shared test Redis with the broker on the TCK's manual clock. */
  static RedisTckFixture manualClock() {
    return new RedisTckFixture(RedisTestServer.uri(), false, true);
  }

  /** A Redis Cluster reached through {@code seed}, in real time. */
  static RedisTckFixture cluster(URI seed) {
    return new RedisTckFixture(seed, true, false);
  }

  @Override
  public Broker broker(TckContext ctx) {
    return RedisBroker.create(RedisBrokerConfig.builder().uri(server).cluster(cluster)
        .keyPrefix(ctx.namespace()).clock(manualClock ? ctx.clock() : Clock.systemUTC()).build());
  }

  @Override
  public StateStore store(TckContext ctx) {
    storeOpened = true;
    return new RedisStoreProvider().create(
        URI.create(server + "?keyPrefix=" + storePrefix(ctx)), Clock.systemUTC());
  }

  /** Asks Redis: the queue registry and the queue's keys under the test's prefix. */
  @Override
  public Optional<Boolean> queueExists(TckContext ctx, String queue) {
    if (cluster) {
      return Optional.empty(); // the helper speaks to the standalone server only
    }
    return Optional.of(RedisTestServer.queueExists(ctx.namespace(), queue));
  }

  @Override
  public void cleanup(TckContext ctx) {
    if (cluster) {
      return; // the cluster is private to its test class and stopped with it
    }
    RedisTestServer.deleteKeys(ctx.namespace());
    if (storeOpened) {
      RedisTestServer.deleteKeys(storePrefix(ctx));
    }
  }

  private static String storePrefix(TckContext ctx) {
    return "state-" + ctx.namespace();
  }
}
