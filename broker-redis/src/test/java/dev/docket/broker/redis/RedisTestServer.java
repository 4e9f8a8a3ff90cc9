package dev.docket.broker.redis;

import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.tck.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;

/** The Redis the tests use, and a way to delete a test's keys afterwards. */
final class RedisTestServer {

  private RedisTestServer() {}

  /** The test Redis: DOCKET_TEST_REDIS_URI, else the local default. */
  static URI uri() {
    return TestServers.require("Redis", "DOCKET_TEST_REDIS_URI",
        URI.create("redis://127.0.0.1:6379"));
  }

  /**
   * Whether Redis holds anything of {@code queue} under {@code prefix}: its name in the
   * prefix's queue registry, or any of its keys.
   */
  static boolean queueExists(String prefix, String queue) {
    RedisClient client = RedisClient.create(
        dev.docket.broker.redis.internal.RedisLink.toRedisUri(uri(), "test Redis"));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> cmd = c.sync();
      return cmd.sismember(QueueKeys.registry(prefix), queue)
          || cmd.exists(QueueKeys.of(prefix, queue).keyArray()) > 0;
    } finally {
      client.shutdown();
    }
  }

  /** Deletes every key whose hash tag starts with {@code prefix} (SCAN, not KEYS). */
  static void deleteKeys(String prefix) {
    RedisClient client = RedisClient.create(
        dev.docket.broker.redis.internal.RedisLink.toRedisUri(uri(), "test Redis"));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> cmd = c.sync();
      for (String pattern : new String[] {"{" + prefix + ":*", QueueKeys.registry(prefix),
          prefix + ":*"}) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
          KeyScanCursor<String> page = cmd.scan(cursor, ScanArgs.Builder.matches(
              pattern.replace("{", "\\{").replace("}", "\\}")).limit(1000));
          if (!page.getKeys().isEmpty()) {
            cmd.unlink(page.getKeys().toArray(String[]::new));
          }
          cursor = page;
        } while (!cursor.isFinished());
      }
    } finally {
      client.shutdown();
    }
  }
}
