package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.spi.Broker;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jobs every migration test moves, and the checks that each arrived once with what it had:
 * four ready jobs of different priorities, three delayed ones, one retry waiting for its backoff
 * (delivered once before) and one dead letter with its failure.
 */
final class MigrationFixture {
  static final String TASK = "mig.task";

  final String queue;
  final List<Message> ready = new ArrayList<>();
  final List<Message> delayed = new ArrayList<>();
  final String deadId;
  final String retryId;
  final Message retry;

  /**
   * @param queue the queue on both brokers
   * @param delayUnit how far apart the delayed jobs are due (hours to keep them waiting, seconds
   *     for a source whose delayed jobs can only be waited for)
   */
  MigrationFixture(String queue, Duration delayUnit, Instant now) {
    this.queue = queue;
    for (int i = 1; i <= 4; i++) {
      ready.add(message("r" + i, i * 2, null));
    }
    for (int i = 1; i <= 3; i++) {
      delayed.add(message("d" + i, i, now.plus(delayUnit.multipliedBy(i))));
    }
    this.retry = message("t1", 1, null);
    this.retryId = retry.id();
    this.deadId = queue + "-x1";
  }

  private Message message(String name, int priority, Instant notBefore) {
    String id = queue + "-" + name;
    return new Message(id, ("{\"n\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8),
        Map.of(Headers.TASK, TASK, Headers.JOB_ID, id, "x-name", name), priority, notBefore);
  }

  /** Puts every job on {@code source}: ready, delayed, a retry due after {@code retryDelay}, dead. */
  void seed(Broker source, Duration retryDelay) throws InterruptedException {
    source.declareQueue(queue);
    List<Message> all = new ArrayList<>(ready);
    all.addAll(delayed);
    all.add(retry);
    all.add(message("x1", 0, null));
    assertThat(source.publish(queue, all)).containsOnly(PublishOutcome.ACCEPTED);
    // Take the retry and the dead one: a lease on all ready jobs, then give the rest back. A
    // delayed job due in seconds may come due while this runs on a loaded machine: it is given
    // back as ready, as a migration would find it (the tests fix only ready + delayed).
    Set<String> wanted = new HashSet<>();
    ready.forEach(m -> wanted.add(m.id()));
    wanted.add(retryId);
    wanted.add(deadId);
    Set<String> dueEarly = new HashSet<>();
    delayed.forEach(m -> dueEarly.add(m.id()));
    List<Delivery> got = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!seen.containsAll(wanted) && System.nanoTime() < deadline) {
      for (Delivery d : source.fetch(FetchRequest.of(queue, 10, Duration.ofMinutes(1),
          Duration.ofMillis(200)))) {
        got.add(d);
        seen.add(d.id());
      }
    }
    assertThat(seen).as("leased while seeding").containsAll(wanted);
    assertThat(got).as("leased while seeding, each once")
        .allSatisfy(d -> assertThat(wanted.contains(d.id()) || dueEarly.contains(d.id()))
            .as("%s is one of the seeded ready, retry, dead or delayed jobs", d.id()).isTrue())
        .hasSameSizeAs(seen);
    for (Delivery d : got) {
      if (d.id().equals(retryId)) {
        assertThat(source.release(d, retryDelay)).isTrue();
      } else if (d.id().equals(deadId)) {
        assertThat(source.deadLetter(d, failure())).isTrue();
      } else {
        assertThat(source.release(d, Duration.ZERO)).isTrue();
      }
    }
  }

  /** The ready, delayed and retry jobs: what reaches a target once every delayed one is due. */
  List<Message> allButDead() {
    List<Message> all = new ArrayList<>(ready);
    all.addAll(delayed);
    all.add(retry);
    return all;
  }

  /** The JSON of this queue's line of a {@code docket migrate --json} report. */
  String reportLine(long ready, long delayed, long dead, long duplicates, long left) {
    return "{\"queue\":\"" + queue + "\",\"ready\":" + ready + ",\"delayed\":" + delayed
        + ",\"dead\":" + dead + ",\"duplicates\":" + duplicates + ",\"leftBehind\":" + left;
  }

  static JobFailure failure() {
    return new JobFailure(FailureReason.RETRIES_EXHAUSTED, "java.lang.IllegalStateException",
        "card declined", "java.lang.IllegalStateException: card declined\n\tat x.Y(Y.java:1)", 3,
        Instant.parse("2026-01-02T03:04:05Z"), "worker-7");
  }

  /**
   * Leases every ready job of {@code target} until none is left (waiting up to {@code wait} for
   * them), checks each arrived exactly once with its bytes, headers and priority, and acks them.
   * Returns the ids in arrival order.
   */
  List<String> takeReady(Broker target, List<Message> expected, Duration wait)
      throws InterruptedException {
    Map<String, Message> byId = new HashMap<>();
    expected.forEach(m -> byId.put(m.id(), m));
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (ids.size() < expected.size() && System.nanoTime() < deadline) {
      for (Delivery d : target.fetch(FetchRequest.of(queue, 10, Duration.ofMinutes(1),
          Duration.ofMillis(300)))) {
        Message m = byId.get(d.id());
        assertThat(m).as("unexpected job %s", d.id()).isNotNull();
        assertThat(d.body()).as("body of %s", d.id()).isEqualTo(m.body());
        assertThat(d.headers()).as("headers of %s", d.id()).containsAllEntriesOf(m.headers());
        assertThat(d.priority()).as("priority of %s", d.id()).isEqualTo(m.priority());
        ids.add(d.id());
        assertThat(target.ack(d)).isTrue();
      }
    }
    assertThat(ids).as("ready ids on the target").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(byId.keySet());
    return ids;
  }

  /** Checks the dead letter arrived with its failure record and bytes. */
  void checkDead(List<DeadLetter> letters) {
    assertThat(letters).extracting(DeadLetter::id).containsExactly(deadId);
    DeadLetter d = letters.get(0);
    assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"x1\"}");
    assertThat(d.headers()).containsEntry("x-name", "x1");
    assertThat(d.failure()).isEqualTo(failure());
  }
}
