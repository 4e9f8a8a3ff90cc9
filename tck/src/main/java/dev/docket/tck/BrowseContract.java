package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.Page;
import dev.docket.spi.Delivery;
import dev.docket.spi.Message;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import dev.docket.spi.QueuedJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R14: the read-only views operator tools use ({@link QueueBrowser}): listing the queues a broker
 * holds, paging through a queue's ready and delayed jobs, and looking one job up by id, all
 * without leasing, moving or creating anything. A broker that cannot do one of these declares it
 * ({@code listQueues}, {@code browse}) and says why, instead of faking it. See {@code
 * CONTRACT.md}.
 *
 * @since 0.4
 */
public abstract class BrowseContract extends BrokerContract {

  /** Safety bound on paging through every queue of a shared server. */
  private static final int MAX_PAGES = 2000;

  @Test
  @Tag("required")
  @DisplayName("R14.1 a broker that does not declare listQueues or browse refuses those calls"
      + " with UnsupportedOperationException saying why")
  void r14_1_undeclaredViewsSayWhy() {
    String q = declared("main");
    QueueBrowser browser = broker.browser();
    assertThat(browser).as("broker.browser()").isNotNull();
    if (!caps.listQueues()) {
      assertThatThrownBy(() -> browser.queues(null, 10))
          .as("queues() of a broker without listQueues")
          .isInstanceOf(UnsupportedOperationException.class)
          .satisfies(e -> assertThat(e.getMessage()).as("the reason tools show").isNotBlank());
    }
    if (!caps.browse()) {
      assertThatThrownBy(() -> browser.jobs(q, QueuedJob.State.READY, null, 10))
          .as("jobs() of a broker without browse")
          .isInstanceOf(UnsupportedOperationException.class)
          .satisfies(e -> assertThat(e.getMessage()).as("the reason tools show").isNotBlank());
      assertThatThrownBy(() -> browser.job(q, "any"))
          .as("job() of a broker without browse")
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  @Tag("optional")
  @DisplayName("R14.2 queues() lists every declared queue once, page by page, and never a queue"
      + " only asked for stats")
  void r14_2_listsDeclaredQueues() {
    requireCapability(caps.listQueues(), "listQueues", "R14.2 (queue listing)");
    Set<String> mine = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      mine.add(declared("listed" + i));
    }
    String asked = ctx.queue("statsonly");
    broker.stats(asked);

    List<QueueInfo> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Page<QueueInfo> p = broker.browser().queues(cursor, 2);
      assertThat(p.items().size()).as("page size with limit 2").isLessThanOrEqualTo(2);
      all.addAll(p.items());
      cursor = p.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    assertThat(cursor).as("paging ended within %s pages", MAX_PAGES).isNull();
    List<String> names = all.stream().map(QueueInfo::queue).toList();
    assertThat(names).as("queues listed across pages").containsAll(mine)
        .doesNotHaveDuplicates().doesNotContain(asked);
    all.stream().filter(i -> mine.contains(i.queue())).forEach(i ->
        assertThat(i.deadLetterQueue()).as("dead-letter queue of %s", i.queue()).isNotBlank());
  }

  @Test
  @Tag("optional")
  @DisplayName("R14.3 jobs() pages through ready jobs in delivery order and delayed jobs by due"
      + " time, with their metadata, and leases nothing")
  void r14_3_browsesReadyAndDelayedJobs() {
    String q = declaredIf("main", caps.browse(), "browse", "R14.3 (browsing jobs)");
    List<Message> ready = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Message m = aJob().withTask("tck.browse" + i).withBody("{\"n\":" + i + "}").build();
      ready.add(m);
      publish(q, m);
    }
    Instant now = time.now();
    Message later = aJob().notBefore(now.plus(Duration.ofHours(2))).build();
    Message sooner = aJob().notBefore(now.plus(Duration.ofHours(1))).build();
    publish(q, later);
    publish(q, sooner);

    List<QueuedJob> readyJobs = all(q, QueuedJob.State.READY, 2);
    assertThat(readyJobs).extracting(QueuedJob::id).as("ready jobs over pages of 2")
        .containsExactlyElementsOf(ready.stream().map(Message::id).toList());
    for (int i = 0; i < ready.size(); i++) {
      QueuedJob j = readyJobs.get(i);
      assertThat(j.state()).isEqualTo(QueuedJob.State.READY);
      assertThat(j.task()).as("task of %s", j.id()).isEqualTo("tck.browse" + i);
      assertThat(j.bodySize()).as("bodySize of %s", j.id()).isEqualTo(ready.get(i).body().length);
      assertThat(j.preview()).as("preview of %s", j.id()).isEqualTo(ready.get(i).body());
      assertThat(j.deliveries()).as("deliveries of %s", j.id()).isZero();
    }
    List<QueuedJob> delayed = all(q, QueuedJob.State.DELAYED, 1);
    assertThat(delayed).extracting(QueuedJob::id).as("delayed jobs, by due time")
        .containsExactly(sooner.id(), later.id());
    assertThat(delayed.get(0).dueAt()).as("due time of the sooner delayed job").isNotNull()
        .isBetween(now.plus(Duration.ofHours(1)).minusSeconds(5),
            now.plus(Duration.ofHours(1)).plusSeconds(5));

    assertThatQueue(q).as("browsing leases, moves and removes nothing").hasCounts(5, 2, 0, 0);
    List<Delivery> got = awaitDeliveries(List.of(q), 5, TckTime.LONG_LEASE);
    assertThat(got).extracting(Delivery::deliveryCount).as("first deliveries after a browse")
        .containsOnly(1);
  }

  @Test
  @Tag("optional")
  @DisplayName("R14.4 jobs() orders ready jobs by priority, previews at most PREVIEW_BYTES of a"
      + " big body, and shows an unknown queue as empty")
  void r14_4_priorityPreviewAndUnknownQueue() {
    String q = declaredIf("main", caps.browse(), "browse", "R14.4 (browsing jobs)");
    byte[] big = new byte[10_000];
    Arrays.fill(big, (byte) 'x');
    Message low = aJob().withBody(big).build();
    publish(q, low);
    Message high = aJob().withPriority(caps.messagePriority() ? Message.MAX_PRIORITY : 0).build();
    publish(q, high);

    List<QueuedJob> jobs = all(q, QueuedJob.State.READY, 10);
    assertThat(jobs).extracting(QueuedJob::id).as("ready jobs")
        .containsExactly(caps.messagePriority() ? new String[] {high.id(), low.id()}
            : new String[] {low.id(), high.id()});
    QueuedJob bigJob = jobs.stream().filter(j -> j.id().equals(low.id())).findFirst()
        .orElseThrow();
    assertThat(bigJob.bodySize()).as("bodySize of a 10000-byte body").isEqualTo(10_000);
    assertThat(bigJob.preview()).as("preview of a 10000-byte body")
        .hasSize(QueueBrowser.PREVIEW_BYTES)
        .isEqualTo(Arrays.copyOf(big, QueueBrowser.PREVIEW_BYTES));

    String unknown = ctx.queue("never");
    assertThat(broker.browser().jobs(unknown, QueuedJob.State.READY, null, 10).items())
        .as("jobs of a queue never declared").isEmpty();
    tckFixture.queueExists(ctx, unknown).ifPresent(exists -> assertThat(exists)
        .as("the server holds queue %s after a browse alone", unknown).isFalse());
  }

  @Test
  @Tag("optional")
  @DisplayName("R14.5 job() finds a ready, delayed or in-flight job by id, and nothing once it"
      + " is acknowledged")
  void r14_5_jobById() {
    String q = declaredIf("main", caps.browse(), "browse", "R14.5 (a job by id)");
    Message m = aJob().withTask("tck.one").withBody("hello").build();
    publish(q, m);
    Message d = aJob().notBefore(time.now().plus(Duration.ofHours(1))).build();
    publish(q, d);

    QueuedJob found = job(q, m.id());
    assertThat(found.state()).as("state of a ready job").isEqualTo(QueuedJob.State.READY);
    assertThat(found.task()).isEqualTo("tck.one");
    assertThat(new String(found.preview(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(job(q, d.id()).state()).as("state of a delayed job")
        .isEqualTo(QueuedJob.State.DELAYED);
    assertThat(broker.browser().job(q, "no-such-id")).as("an unknown id").isEmpty();

    Delivery got = awaitDelivery(q, TckTime.LONG_LEASE);
    QueuedJob leased = job(q, got.id());
    assertThat(leased.state()).as("state of a leased job").isEqualTo(QueuedJob.State.IN_FLIGHT);
    assertThat(leased.deliveries()).as("deliveries of a leased job").isEqualTo(1);
    assertThat(broker.ack(got)).isTrue();
    assertThat(broker.browser().job(q, got.id())).as("an acknowledged job").isEmpty();
  }

  private QueuedJob job(String q, String id) {
    Optional<QueuedJob> j = broker.browser().job(q, id);
    if (j.isEmpty()) {
      fail("job(" + q + ", " + id + ") is empty, but the job is live in the queue");
    }
    return j.get();
  }

  private List<QueuedJob> all(String q, QueuedJob.State state, int limit) {
    List<QueuedJob> out = new ArrayList<>();
    @Nullable String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Page<QueuedJob> p = broker.browser().jobs(q, state, cursor, limit);
      assertThat(p.items().size()).as("page size with limit %s", limit)
          .isLessThanOrEqualTo(limit);
      out.addAll(p.items());
      cursor = p.nextCursor();
      if (cursor == null) {
        return out;
      }
    }
    return fail("paging " + state + " jobs of " + q + " did not end in " + MAX_PAGES + " pages");
  }
}
