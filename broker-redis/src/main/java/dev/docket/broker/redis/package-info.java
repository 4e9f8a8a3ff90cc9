/**
 * The Redis broker ({@code redis://}, {@code rediss://}) and the Redis state store, on Lettuce.
 * Entry points: {@link dev.docket.broker.redis.RedisBrokerProvider} (found by {@link
 * java.util.ServiceLoader}), {@link dev.docket.broker.redis.RedisBroker} and {@link
 * dev.docket.broker.redis.RedisStateStore}.
 */
@NullMarked
package dev.docket.broker.redis;

import org.jspecify.annotations.NullMarked;
