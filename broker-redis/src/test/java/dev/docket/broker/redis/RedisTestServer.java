package dev.docket.broker.redis;

import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.tck.SharedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.util.function.Function;

/** The Redis the tests use, and a way to delete a test's keys afterwards. */
final class RedisTestServer {

  private RedisTestServer() {}

  /** The test Redis: DOCKET_TEST_REDIS_URI, else the local default. */
  static URI uri() {
    return SharedRedis.uri();
  }

  /**
   * Whether Redis holds anything of {@code queue} under {@code prefix}: its name in the
   * prefix's queue registry, or any of its keys.
   */
  static boolean queueExists(String prefix, String queue) {
    return sync(cmd -> cmd.sismember(QueueKeys.registry(prefix), queue)
        || cmd.exists(QueueKeys.of(prefix, queue).keyArray()) > 0);
  }

  /** Runs {@code commands} on a connection of its own to the test Redis. */
  static <T> T sync(Function<RedisCommands<String, String>, T> commands) {
    RedisClient client = RedisClient.create(
        dev.docket.broker.redis.internal.RedisLink.toRedisUri(uri(), "test Redis"));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return commands.apply(c.sync());
    } finally {
      client.shutdown();
    }
  }

  /** Deletes every key of {@code prefix}, as {@link SharedRedis#deleteKeys} does. */
  static void deleteKeys(String prefix) {
    SharedRedis.deleteKeys(uri(), prefix);
  }
}
