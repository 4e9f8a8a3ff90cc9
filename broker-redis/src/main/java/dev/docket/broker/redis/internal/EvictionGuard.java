package dev.docket.broker.redis.internal;

import dev.docket.InvalidConfigException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a Redis whose {@code maxmemory-policy} can evict Docket's keys. A queue lives in a few
 * keys (one hash holds every job), so an {@code allkeys-*} policy can drop a whole queue at once,
 * and a {@code volatile-*} policy drops keys with a TTL (singleton locks, rate-limit windows)
 * before they expire. Only {@code noeviction} keeps every key; at the memory limit it refuses
 * writes instead, which Docket reports as "Redis is full".
 */
public final class EvictionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(EvictionGuard.class);

  private EvictionGuard() {}

  /**
   * Checks every master of {@code link}. {@code allowEviction} (the user's explicit opt-out)
   * turns the refusal into a warning. A server that refuses {@code CONFIG GET} (disabled or
   * renamed, as on managed services) cannot be checked: a warning says so and startup goes on.
   *
   * @param option how the user opts out, for the message (e.g. {@code allowEviction=true})
   */
  public static void check(RedisLink link, String where, boolean allowEviction, String option) {
    List<String> policies = link.maxmemoryPolicies();
    if (policies.isEmpty()) {
      LOG.warn("Redis at {} refuses CONFIG GET maxmemory-policy (disabled or renamed), so Docket"
          + " cannot check it; make sure it is noeviction, or jobs and locks can be evicted",
          where);
      return;
    }
    for (String policy : policies) {
      if (policy.equals("noeviction")) {
        continue;
      }
      String risk = "Redis at " + where + " has maxmemory-policy " + policy + ", which can evict"
          + " Docket's keys (" + (policy.startsWith("volatile") ? "keys with a TTL: singleton"
          + " locks and rate-limit windows" : "any key: a whole queue lives in one hash")
          + ") when memory runs out";
      if (allowEviction) {
        LOG.warn("{}; starting anyway because {} is set", risk, option);
        return;
      }
      throw new InvalidConfigException(risk + ". Set 'maxmemory-policy noeviction' (redis.conf,"
          + " or CONFIG SET maxmemory-policy noeviction), or accept losing jobs with the option "
          + option);
    }
  }
}
