package dev.docket.tck.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.QueueStats;
import dev.docket.tck.fault.RunLog.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The check every fault scenario ends with (rule F0 of {@code CONTRACT.md}): every job ran to
 * its end at least once, no unknown job ran, nothing is stranded (stats back to zero, the DLQ
 * holds exactly what the scenario put there), a job ran again only after a run whose lease was
 * lost (its process died, or it touched a fault window), and two runs of one job overlapped only
 * when the first had run longer than a lease (so its lease could really have expired). {@link
 * #strict()} allows neither duplicates nor overlaps (F4). Every failure names the rule and the F0
 * row it breaks, e.g. {@code "F1.1 (F0.1): 3 of 2000 jobs never completed a run (lost)"}.
 *
 * <p>Not thread-safe: build, then call {@link #check} once.
 *
 * @since 0.1
 */
public final class Accounting {

  /** How long after a run ended its ack may still have been on the way when a fault struck. */
  public static final Duration ACK_SLACK = Duration.ofSeconds(2);

  private final String rule;
  private final Set<String> expected;
  private final Set<String> expectedDead = new HashSet<>();
  private final Set<String> mayRepeat = new HashSet<>();
  private final List<Instant[]> windows = new ArrayList<>();
  private Map<Long, Instant> deaths = Map.of();
  private @Nullable Duration lease;
  private boolean strict;

  private Accounting(String rule, Set<String> expected) {
    this.rule = rule;
    this.expected = Set.copyOf(expected);
  }

  /** Accounting for {@code rule} over the job ids the scenario enqueued. */
  public static Accounting of(String rule, Set<String> expected) {
    return new Accounting(rule, expected);
  }

  /** Jobs the scenario expects in the DLQ at the end (they need not complete). */
  public Accounting deadLetters(Set<String> ids) {
    expectedDead.addAll(ids);
    return this;
  }

  /** A time span in which a fault was active: runs touching it may repeat. */
  public Accounting faultWindow(Instant from, Instant to) {
    windows.add(new Instant[] {from, to});
    return this;
  }

  /** Jobs the producer enqueued again after a failed enqueue (a second run is legitimate). */
  public Accounting enqueuedTwice(Set<String> ids) {
    mayRepeat.addAll(ids);
    return this;
  }

  /** Worker processes that died, and when: their unfinished runs lost their lease. */
  public Accounting deaths(Map<Long, Instant> pidDeaths) {
    this.deaths = Map.copyOf(pidDeaths);
    return this;
  }

  /** The lease the workers ran with: overlapping runs need the first to have run that long. */
  public Accounting lease(Duration workerLease) {
    this.lease = workerLease;
    return this;
  }

  /** No job may run twice and no runs may overlap, whatever happened (F4). */
  public Accounting strict() {
    this.strict = true;
    return this;
  }

  /**
   * Checks the runs, the final stats and the DLQ content, and returns the figures.
   *
   * @throws AssertionError naming the rule and the first offending jobs
   */
  public Tally check(RunLog log, QueueStats stats, Set<String> deadIds) {
    Set<String> unknown = new TreeSet<>(log.byJob().keySet());
    unknown.removeAll(expected);
    assertThat(unknown).as("%s (F0.1): runs of jobs that were never enqueued", rule).isEmpty();
    List<String> lost = new ArrayList<>();
    List<String> badRepeats = new ArrayList<>();
    List<String> badOverlaps = new ArrayList<>();
    long runs = 0;
    long maxOverlap = 0;
    for (String id : expected) {
      List<Run> jobRuns = log.runs(id);
      runs += jobRuns.size();
      if (!expectedDead.contains(id) && jobRuns.stream().noneMatch(r -> r.endMillis() != null)) {
        lost.add(id);
      }
      for (int i = 0; i + 1 < jobRuns.size(); i++) {
        Run first = jobRuns.get(i);
        if (strict || !excused(id, first)) {
          badRepeats.add(id + " (run on pid " + first.pid() + " at " + first.startMillis()
              + " then again on pid " + jobRuns.get(i + 1).pid() + ")");
        }
        for (int j = i + 1; j < jobRuns.size(); j++) {
          long overlap = end(first) - jobRuns.get(j).startMillis();
          if (overlap > 0) {
            maxOverlap = Math.max(maxOverlap, overlap);
            long firstRan = jobRuns.get(j).startMillis() - first.startMillis();
            if (strict || lease == null || firstRan < lease.toMillis()) {
              badOverlaps.add(id + " (pids " + first.pid() + " and " + jobRuns.get(j).pid()
                  + " overlapped " + overlap + " ms)");
            }
          }
        }
      }
    }
    assertThat(first(lost)).as("%s (F0.1): %d of %d jobs never completed a run (lost); the"
        + " first", rule, lost.size(), expected.size()).isEmpty();
    assertThat(first(badRepeats)).as("%s (F0.3): %d jobs ran again although no lease of theirs"
        + " was lost; the first", rule, badRepeats.size()).isEmpty();
    assertThat(first(badOverlaps)).as("%s (F0.4): %d times runs of one job overlapped before a"
        + " lease could expire; the first", rule, badOverlaps.size()).isEmpty();
    assertThat(new TreeSet<>(deadIds)).as("%s (F0.2): the DLQ holds exactly the scenario's dead"
        + " letters", rule).isEqualTo(new TreeSet<>(expectedDead));
    assertThat(List.of(stats.ready(), stats.delayed(), stats.inFlight()))
        .as("%s (F0.2): nothing stranded, stats ready/delayed/inFlight back to zero: %s", rule,
            stats)
        .containsOnly(0L);
    return new Tally(expected.size(), runs, runs - (expected.size() - lostOrDead(log)),
        Duration.ofMillis(maxOverlap));
  }

  private static List<String> first(List<String> all) {
    return all.subList(0, Math.min(all.size(), 10));
  }

  private long lostOrDead(RunLog log) {
    return expected.stream().filter(id -> log.runs(id).isEmpty()).count();
  }

  private boolean excused(String id, Run run) {
    if (mayRepeat.contains(id)) {
      return true;
    }
    Instant death = deaths.get(run.pid());
    long slack = ACK_SLACK.toMillis();
    if (death != null && (run.endMillis() == null
        || run.endMillis() >= death.toEpochMilli() - slack)) {
      return true;
    }
    for (Instant[] w : windows) {
      if (run.startMillis() <= w[1].toEpochMilli()
          && (run.endMillis() == null || run.endMillis() >= w[0].toEpochMilli() - slack)) {
        return true;
      }
    }
    return false;
  }

  private long end(Run run) {
    if (run.endMillis() != null) {
      return run.endMillis();
    }
    Instant death = deaths.get(run.pid());
    return death == null ? Long.MAX_VALUE : death.toEpochMilli();
  }

  /**
   * The figures of a passed check.
   *
   * @param jobs jobs enqueued
   * @param runs runs recorded
   * @param duplicates runs beyond the first of each job that ran
   * @param maxOverlap the longest time two runs of one job ran at once
   */
  public record Tally(long jobs, long runs, long duplicates, Duration maxOverlap) {}
}
