package dev.docket.broker.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Message;
import dev.docket.tck.fault.LeaseHolder;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 on SQS: a SIGKILLed worker's messages stay invisible for their visibility timeout
 * (30 s here) unless someone makes them visible. With an {@code idStore} the worker wrote the
 * receipt handles it held (with the deliveries), and once its heartbeat is {@code ownerTimeout}
 * (3 s) old a live broker that fetches the queue adopts them: its next fetch returns them, ahead
 * of any backlog. A live worker's message is never handed out meanwhile.
 */
class SqsOwnerRecoveryTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final String prefix = "rec" + UUID.randomUUID().toString().substring(0, 8);
  private final String queue = "q";
  private final List<SqsBroker> open = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    open.forEach(SqsBroker::close);
  }

  private static URI idStore() {
    URI postgres = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return URI.create(postgres + "?table=docket_state_sqs_recovery");
  }

  private SqsBroker broker() {
    SqsBroker b = SqsBroker.create(ElasticMq.config(prefix).idStore(idStore()).build());
    open.add(b);
    return b;
  }

  /** Publishes jobs {@code job-0} .. {@code job-(n-1)} with bodies {@code body-i}. */
  private void publishJobs(SqsBroker b, int n) {
    List<Message> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      jobs.add(Message.of("job-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
    b.publish(queue, jobs);
  }

  @Test
  void sigkilledWorker_messagesVisibleAgainWithinFiveSeconds_liveWorkerKeepsItsJob()
      throws Exception {
    SqsBroker survivor = broker();
    survivor.declareQueue(queue);
    survivor.publish(queue, List.of(Message.of("kept", new byte[] {0}, Map.of())));
    List<Delivery> kept = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      kept.addAll(survivor.fetch(FetchRequest.of(queue, 1, LEASE, Duration.ofSeconds(1))));
      return !kept.isEmpty();
    });
    publishJobs(survivor, 3);
    // Closing it is SIGKILL: no close, no hand-back, the heartbeat just stops.
    try (LeaseHolder child = LeaseHolder.start(SqsLeaseHolderMain.class,
        ElasticMq.endpoint().toString(), prefix, idStore().toString(), queue, "3")) {
      assertThat(child.leased()).isEqualTo(3);
    }
    long killedAt = System.nanoTime();
    List<Delivery> again = new CopyOnWriteArrayList<>();
    // The visibility timeout alone would keep them 30 s. The owner timeout (3 s) after the last
    // beat, one orphan scan (every heartbeat, 500 ms) and a second for the adopting fetch.
    Duration bound = LiveIdRegistry.DEFAULT_OWNER_TIMEOUT
        .plus(LiveIdRegistry.DEFAULT_HEARTBEAT).plusSeconds(1);
    await().atMost(bound).pollInterval(Duration.ofMillis(20)).until(() -> {
      again.addAll(survivor.fetch(FetchRequest.of(queue, 3, LEASE, Duration.ofMillis(200))));
      return again.size() >= 3;
    });
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(bound);
    assertThat(again).extracting(Delivery::id).containsExactlyInAnyOrder("job-0", "job-1",
        "job-2");
    // The live worker's message (the survivor's own) is never made visible by anyone. Every
    // delivery of the window is kept: one fetched and then leased away must still fail the test.
    List<Delivery> leaked = new CopyOnWriteArrayList<>();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
      leaked.addAll(survivor.fetch(FetchRequest.of(queue, 3, LEASE, Duration.ofMillis(200))));
      return true;
    });
    assertThat(leaked).as("fetched while the survivor's own lease holds").isEmpty();
    assertThat(survivor.ack(kept.get(0))).isTrue();
    for (Delivery d : again) {
      assertThat(survivor.ack(d)).isTrue();
    }
  }

  @Test
  void sigkilledWorker_behindABacklog_liveWorkerRunsItsJobsFirst() throws Exception {
    SqsBroker survivor = broker();
    survivor.declareQueue(queue);
    // The survivor fetches the queue, so it adopts what a dead worker held there.
    assertThat(survivor.fetch(FetchRequest.of(queue, 1, LEASE, Duration.ofMillis(200))))
        .isEmpty();
    publishJobs(survivor, 3);
    try (LeaseHolder child = LeaseHolder.start(SqsLeaseHolderMain.class,
        ElasticMq.endpoint().toString(), prefix, idStore().toString(), queue, "3")) {
      assertThat(child.leased()).isEqualTo(3);
      List<Message> backlog = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        backlog.add(Message.of("backlog-" + i, new byte[] {1}, Map.of()));
      }
      survivor.publish(queue, backlog);
    }
    long killedAt = System.nanoTime();
    List<String> ran = new CopyOnWriteArrayList<>();
    // One job at a time, as a busy worker takes them: made visible, the three would come
    // after the 2,000 ahead of them; adopted, they are the survivor's next fetch.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      for (Delivery d : survivor.fetch(FetchRequest.of(queue, 1, LEASE,
          Duration.ofMillis(200)))) {
        ran.add(d.id());
        assertThat(survivor.ack(d)).isTrue();
      }
      return ran.containsAll(List.of("job-0", "job-1", "job-2"));
    });
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
    assertThat(ran.stream().filter(id -> id.startsWith("backlog-")).count()).isLessThan(2000);
  }
}
