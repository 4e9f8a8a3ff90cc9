/** The Redis broker and state store ({@code redis://}, {@code rediss://}), on Lettuce. */
@SuppressWarnings("requires-automatic") // Lettuce ships an Automatic-Module-Name only.
module dev.docket.broker.redis {
  requires transitive dev.docket.api;
  requires lettuce.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.docket.broker.redis;

  provides dev.docket.spi.BrokerProvider with dev.docket.broker.redis.RedisBrokerProvider;
  provides dev.docket.spi.StoreProvider with dev.docket.broker.redis.RedisStoreProvider;
}
