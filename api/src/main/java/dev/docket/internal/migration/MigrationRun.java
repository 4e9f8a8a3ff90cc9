package dev.docket.internal.migration;

import dev.docket.MigrationReport;
import dev.docket.Page;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.TimeSource;
import dev.docket.spi.support.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link dev.docket.Migration}: for each queue, delayed jobs (when the source can
 * read them), then ready jobs, then dead letters, then delayed jobs as they come due (when it
 * cannot), then the accounting of what stayed and why.
 */
public final class MigrationRun {

  /** Longest single fetch while waiting for delayed jobs: the deadline is checked this often. */
  private static final Duration POLL = Duration.ofSeconds(1);

  /**
   * The options of a run.
   *
   * @param source where jobs come from
   * @param target where they go
   * @param queues the queues; empty for every queue the source lists
   * @param batch jobs per fetch, publish and delete
   * @param waitDelayed how long to wait for delayed jobs a source cannot read early
   * @param lease the lease of a ready job while it is copied
   * @param dryRun count only
   * @param time where the wait's deadline is read
   */
  public record Settings(Broker source, Broker target, List<String> queues, int batch,
      Duration waitDelayed, Duration lease, boolean dryRun, TimeSource time) {

    /** Validates and copies. */
    public Settings {
      Require.nonNull("source", source, "target", target, "waitDelayed", waitDelayed,
          "lease", lease, "time", time);
      queues = List.copyOf(queues);
    }
  }

  private final Settings s;
  private final Capabilities from;
  private final Capabilities to;
  private final ReadyMover ready;

  /** A run with {@code settings}. */
  public MigrationRun(Settings settings) {
    this.s = settings;
    this.from = settings.source().capabilities();
    this.to = settings.target().capabilities();
    this.ready = new ReadyMover(s.source(), s.target(), s.batch(), s.lease());
  }

  /** Runs every queue and reports. */
  public MigrationReport run() throws InterruptedException {
    List<String> warnings = new ArrayList<>();
    if (!to.durableDedup()) {
      warnings.add("the target " + name(s.target()) + " does not dedupe job ids on the server: a"
          + " re-run after a crash between publish and acknowledge may store a second copy of"
          + " the jobs of that batch");
    }
    List<MigrationReport.QueueReport> reports = new ArrayList<>();
    for (String queue : queues()) {
      reports.add(s.dryRun() ? dryRun(queue) : migrate(queue));
    }
    return new MigrationReport(s.dryRun(), reports, warnings);
  }

  private MigrationReport.QueueReport dryRun(String queue) {
    QueueStats st = s.source().stats(queue);
    Tally t = new Tally(queue);
    t.ready = st.ready();
    t.delayed = st.delayed();
    t.dead = st.dead();
    t.leave(st.inFlight(), "job(s) leased by a worker on the source would stay until their"
        + " lease ends");
    if (!to.restoreDeadLetters()) {
      t.dead = 0;
      t.leave(st.dead(), deadReason());
    }
    return t.report();
  }

  private MigrationReport.QueueReport migrate(String queue) throws InterruptedException {
    Tally t = new Tally(queue);
    s.target().declareQueue(queue);
    if (from.moveWaiting()) {
      new DelayedMover(s.source(), s.target(), s.batch()).moveAll(queue, t);
    }
    drain(queue, t, false);
    if (to.restoreDeadLetters()) {
      new DeadMover(s.source(), s.target(), s.batch()).moveAll(queue, t);
    }
    if (!from.moveWaiting()) {
      awaitDelayed(queue, t);
    }
    account(queue, t);
    return t.report();
  }

  /** Moves what is due now. */
  private void drain(String queue, Tally t, boolean delayed) throws InterruptedException {
    boolean retried = false;
    while (true) {
      if (ready.moveBatch(queue, Duration.ZERO, t, delayed) > 0) {
        retried = false;
        continue;
      }
      // Some brokers (SQS) may answer an immediate fetch empty while jobs wait: ask once more
      // with a short wait; a controllable clock never moves by itself, so it is not waited on.
      if (retried || from.controllableClock()) {
        return;
      }
      retried = true;
      if (ready.moveBatch(queue, POLL, t, delayed) > 0) {
        retried = false;
      } else {
        return;
      }
    }
  }

  /** Leases delayed jobs as they come due, until none is left or the wait is over. */
  private void awaitDelayed(String queue, Tally t) throws InterruptedException {
    Instant deadline = s.time().instant().plus(s.waitDelayed());
    while (true) {
      Duration left = Duration.between(s.time().instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      QueueStats st = s.source().stats(queue);
      if (st.delayed() == 0 && st.ready() == 0) {
        return;
      }
      ready.moveBatch(queue, left.compareTo(POLL) < 0 ? left : POLL, t, true);
    }
  }

  /** Counts what stayed on the source, with the reason for each part. */
  private void account(String queue, Tally t) {
    QueueStats st = s.source().stats(queue);
    t.leave(st.ready(), "ready job(s) arrived on the source during the migration: run it again");
    t.leave(st.delayed(), from.moveWaiting()
        ? "delayed job(s) were leased or added on the source during the migration: run it again"
        : "delayed job(s) are not due yet and " + name(s.source()) + " cannot read a delayed job"
            + " before it is due: run again with a longer --wait-delayed once they come due");
    t.leave(st.inFlight(), "job(s) are leased by a worker on the source: stop the source's"
        + " workers, wait for the leases to end and run it again");
    if (!to.restoreDeadLetters()) {
      t.leave(st.dead(), deadReason());
    } else {
      t.leave(st.dead(), "dead letter(s) arrived on the source during the migration: run it"
          + " again");
    }
  }

  private String deadReason() {
    return "dead letter(s) stay on the source: " + name(s.target())
        + " cannot restore dead letters; replay or purge them there";
  }

  private List<String> queues() {
    if (!s.queues().isEmpty()) {
      return s.queues();
    }
    if (!from.listQueues()) {
      throw new IllegalArgumentException("name the queues to move: " + name(s.source())
          + " cannot list its queues");
    }
    List<String> out = new ArrayList<>();
    @Nullable String cursor = null;
    do {
      Page<QueueInfo> page = s.source().browser().queues(cursor, QueueBrowser.MAX_PAGE);
      page.items().forEach(q -> out.add(q.queue()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return out;
  }

  private static String name(Broker b) {
    return b.getClass().getSimpleName();
  }
}
