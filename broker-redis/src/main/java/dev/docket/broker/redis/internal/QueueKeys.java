package dev.docket.broker.redis.internal;

import java.util.Objects;

/**
 * The keys of one queue, all under the hash tag {@code {prefix:queue}} so that every script of a
 * queue touches one Redis Cluster slot. The order is the {@code KEYS} order of the scripts.
 *
 * @param keys the nineteen keys, in script order (see {@code common.lua})
 * @param channel the pub/sub channel that wakes idle fetchers of this queue
 */
public record QueueKeys(String[] keys, String channel) {

  private static final String[] SUFFIXES = {
    "jobs", "ready", "since", "delayed", "leased", "seq", "lseq", "dead", "dlq", "dseq", "lease",
    "owners", "held", "owned", "seen", "dtask", "dids", "didx", "waiters"
  };

  /** Validates. */
  public QueueKeys {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(channel, "channel");
  }

  /** The keys of {@code queue} under {@code prefix}. */
  public static QueueKeys of(String prefix, String queue) {
    String tag = "{" + prefix + ":" + queue + "}:";
    String[] keys = new String[SUFFIXES.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = tag + SUFFIXES[i];
    }
    return new QueueKeys(keys, tag + "wake");
  }

  /** The channel on which enqueues push jobs to the waiting fetches of {@code owner}. */
  public String pushChannel(String owner) {
    return channel + ":" + owner;
  }

  /** A copy of the key array, safe to hand to a driver. */
  public String[] keyArray() {
    return keys.clone();
  }

  /** The key that lists the declared queues of a prefix (its own slot). */
  public static String registry(String prefix) {
    return "{" + prefix + "}:queues";
  }
}
