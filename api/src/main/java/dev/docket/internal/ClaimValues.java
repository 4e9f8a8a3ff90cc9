package dev.docket.internal;

import dev.docket.spi.LiveIdRegistry.Claim;
import org.jspecify.annotations.Nullable;

/**
 * The text of a run claim, the same in every registry: {@code run <incarnation> <token> <owner>}
 * while a lease runs the job, {@code done <incarnation>} once a run completed. A claim written by
 * an older client has no owner field; it is held until it expires.
 */
final class ClaimValues {
  private ClaimValues() {}

  /** The claim value of a running lease. */
  static String running(@Nullable String incarnation, String token, String owner) {
    return "run " + (incarnation == null ? "-" : incarnation) + " " + token + " " + owner;
  }

  /** The claim value of a completed incarnation. */
  static String completed(String incarnation) {
    return "done " + incarnation;
  }

  /** The owner named by a running claim, or null (a completion, or an older client's claim). */
  static @Nullable String owner(String found) {
    if (!found.startsWith("run ")) {
      return null;
    }
    // run <incarnation> <token> <owner>: the owner follows the third space.
    int at = -1;
    for (int i = 0; i < 3; i++) {
      at = found.indexOf(' ', at + 1);
      if (at < 0) {
        return null;
      }
    }
    return found.substring(at + 1);
  }

  /**
   * What a claim attempt decides from the value found: HELD for a running lease, DONE for this
   * incarnation's completion, null for an earlier incarnation's completion (a new job with the
   * same id: replace it).
   */
  static @Nullable Claim judge(String found, @Nullable String incarnation) {
    if (found.startsWith("run ")) {
      return Claim.HELD;
    }
    return incarnation != null && found.equals(completed(incarnation)) ? Claim.DONE : null;
  }
}
