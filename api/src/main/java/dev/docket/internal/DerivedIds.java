package dev.docket.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Job ids derived from stable names (a schedule and its tick, a workflow and its step), so every
 * process that acts on the same event enqueues the same id and the broker's idempotent enqueue
 * drops the copies.
 */
public final class DerivedIds {
  private DerivedIds() {}

  /** A name-based (type 3) UUID of {@code parts} joined with {@code '|'}. */
  public static String of(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
