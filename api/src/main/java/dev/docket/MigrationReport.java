package dev.docket;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Migration} did (or, in a dry run, would do), queue by queue.
 *
 * @param dryRun true when nothing was moved and the counts are what the source holds now
 * @param queues one entry per migrated queue, in the order they ran
 * @param warnings things the operator must know about the whole run (a target that cannot
 *     dedupe ids durably, say); empty when none
 * @since 0.5
 */
public record MigrationReport(boolean dryRun, List<QueueReport> queues, List<String> warnings) {

  /** Validates and copies. */
  public MigrationReport {
    queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
  }

  /** Jobs (ready, delayed and dead) moved over every queue. */
  public long moved() {
    return queues.stream().mapToLong(QueueReport::moved).sum();
  }

  /** Jobs left in the source over every queue. */
  public long leftBehind() {
    return queues.stream().mapToLong(QueueReport::leftBehind).sum();
  }

  /**
   * One queue's accounting. Every job the migration took from the source is in exactly one of
   * {@code ready}, {@code delayed}, {@code dead} or {@code duplicates}.
   *
   * @param queue the queue name (the same on both brokers)
   * @param ready ready jobs moved (in a dry run: ready jobs in the source)
   * @param delayed delayed jobs moved with their due times, whether read at once or waited for
   *     (in a dry run: delayed jobs in the source)
   * @param dead dead letters moved with their failure records (in a dry run: dead letters in the
   *     source)
   * @param duplicates jobs removed from the source whose id the target already held live (an
   *     earlier run that crashed before removing them, or a producer that already wrote the same
   *     id to the target): not stored twice
   * @param leftBehind jobs still in the source when the queue was done (ready, delayed, leased
   *     and dead ones that could not move)
   * @param reasons why each part of {@code leftBehind} stayed, one sentence each; empty when
   *     nothing did
   */
  public record QueueReport(String queue, long ready, long delayed, long dead, long duplicates,
      long leftBehind, List<String> reasons) {

    /** Validates and copies. */
    public QueueReport {
      Objects.requireNonNull(queue, "queue");
      reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    }

    /** Ready, delayed and dead jobs moved. */
    public long moved() {
      return ready + delayed + dead;
    }
  }
}
