package dev.docket.internal.migration;

import dev.docket.MigrationReport;
import java.util.ArrayList;
import java.util.List;

/** One queue's running counts while it migrates. Not thread-safe: one run owns it. */
final class Tally {
  final String queue;
  long ready;
  long delayed;
  long dead;
  long duplicates;
  long leftBehind;
  final List<String> reasons = new ArrayList<>();

  Tally(String queue) {
    this.queue = queue;
  }

  /** Leaves {@code n} jobs behind for {@code why}; nothing when {@code n} is zero. */
  void leave(long n, String why) {
    if (n > 0) {
      leftBehind += n;
      reasons.add(n + " " + why);
    }
  }

  MigrationReport.QueueReport report() {
    return new MigrationReport.QueueReport(queue, ready, delayed, dead, duplicates, leftBehind,
        reasons);
  }
}
