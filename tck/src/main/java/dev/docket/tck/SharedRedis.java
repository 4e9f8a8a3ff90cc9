package dev.docket.tck;

import dev.docket.tck.fault.Resp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The Redis tests share ({@code DOCKET_TEST_REDIS_URI}, else 127.0.0.1:6379), and the cleanup a
 * test owes it: a test works under a key prefix of its own ({@link #uniquePrefix}) and deletes
 * every key under that prefix afterwards ({@link #deleteKeys}), so runs leave nothing behind.
 *
 * @since 0.1
 */
public final class SharedRedis {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SharedRedis() {}

  /** The shared Redis, found (or the test failed or skipped) as {@link TestServers} does. */
  public static URI uri() {
    return TestServers.require("Redis", "DOCKET_TEST_REDIS_URI",
        URI.create("redis://127.0.0.1:6379"));
  }

  /** {@code name-} and eight random hex digits: a key prefix no other run uses. */
  public static String uniquePrefix(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A test body that works under a key prefix on the shared Redis. */
  @FunctionalInterface
  public interface Body {
    /** Runs the test with the server and its prefix. */
    void run(URI server, String prefix) throws Exception;
  }

  /**
   * Runs {@code body} under a fresh {@link #uniquePrefix} of {@code name} on the shared Redis,
   * then deletes the prefix's keys, whether the body passed or not.
   */
  public static void underPrefix(String name, Body body) throws Exception {
    URI server = uri();
    String prefix = uniquePrefix(name);
    try {
      body.run(server, prefix);
    } finally {
      deleteKeys(server, prefix);
    }
  }

  /**
   * Deletes (SCAN and UNLINK, never KEYS) every key Docket writes under each of {@code prefixes}:
   * a broker's {@code {prefix:queue}:...} and {@code {prefix}:...} keys and a state store's
   * {@code prefix:...} keys. {@code server}'s host, port, credentials and database are used; its
   * query (the key prefix among it) is ignored. Not for Redis Cluster (SCAN sees one node).
   *
   * @return how many keys were deleted
   */
  public static long deleteKeys(URI server, String... prefixes) {
    long deleted = 0;
    try (Resp redis = Resp.connect(server, TIMEOUT)) {
      for (String prefix : prefixes) {
        String p = glob(Objects.requireNonNull(prefix, "prefix"));
        for (String pattern : List.of("{" + p + ":*", "{" + p + "}*", p + ":*")) {
          deleted += deleteMatching(redis, pattern);
        }
      }
    }
    return deleted;
  }

  private static long deleteMatching(Resp redis, String pattern) {
    long deleted = 0;
    String cursor = "0";
    do {
      List<?> page = (List<?>) Objects.requireNonNull(
          redis.call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000"));
      cursor = (String) Objects.requireNonNull(page.get(0));
      List<?> keys = (List<?>) Objects.requireNonNull(page.get(1));
      if (!keys.isEmpty()) {
        String[] command = new String[keys.size() + 1];
        command[0] = "UNLINK";
        for (int i = 0; i < keys.size(); i++) {
          command[i + 1] = (String) keys.get(i);
        }
        deleted += (Long) Objects.requireNonNull(redis.call(command));
      }
    } while (!cursor.equals("0"));
    return deleted;
  }

  /** {@code text} as a SCAN pattern matching itself only. */
  private static String glob(String text) {
    return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
