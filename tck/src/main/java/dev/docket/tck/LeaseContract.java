package dev.docket.tck;

import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R3: a lease keeps a message from everyone else until it ends; an unacknowledged message comes
 * back when its lease ends (at-least-once: a dead worker loses nothing); extending a lease keeps
 * a long job with its worker. See {@code CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class LeaseContract extends BrokerContract {

  @Test
  @Tag("required")
  @DisplayName("R3.1 a leased message is delivered to no other fetch while its lease holds")
  void r3_1_leasedMessageIsHiddenWhileLeaseHolds() {
    String q = declared("main");
    // A lease longer than the short one other tests use catches brokers that ignore the
    // requested lease and apply a fixed one.
    Delivery d = leaseNewJob(q, TckTime.LONG_LEASE);
    if (time.controllable()) {
      time.advanceTo(d.leaseExpiresAt().minusMillis(1));
    }
    assertNothingDue("its lease ends at " + d.leaseExpiresAt(), q);
    assertThatQueue(q).as("while leased").hasCounts(0, 0, 1, 0);
    assertThat(broker.ack(d)).as("ack just before the lease ends").isTrue();
  }

  @Test
  @Tag("required")
  @DisplayName("R3.2 an unacknowledged delivery is redelivered after its lease expires, intact")
  void r3_2_unackedDeliveryIsRedelivered() {
    String q = declared("main");
    Message m = aJob().withBody("abandoned").build();
    publish(q, m);
    Duration lease = time.shortLease();
    Instant fetchStart = time.now();
    Delivery abandoned = awaitDelivery(q, lease);
    // The consumer "dies": it never acks, releases or extends.
    Instant due = time.controllable() ? abandoned.leaseExpiresAt() : fetchStart.plus(lease);
    Delivery again = expectDeliveryAt(q, due, TckTime.LONG_LEASE, "the abandoned message");
    assertThat(again.id()).isEqualTo(m.id());
    assertThat(again.body()).isEqualTo(m.body());
    assertThat(again.deliveryCount()).as("deliveryCount after one lease expiry").isEqualTo(2);
    assertThat(again.enqueuedAt()).as("enqueuedAt is when the message was first published")
        .isEqualTo(abandoned.enqueuedAt());
  }

  /** A job whose short lease lapsed: its first delivery's token is stale, a new one holds it. */
  private Redelivered lapsedOnce() {
    Leased job = shortLeasedJob();
    time.advance(job.lease().plusMillis(1));
    return new Redelivered(job.queue(), job.delivery(),
        awaitDelivery(job.queue(), TckTime.LONG_LEASE));
  }

  @Test
  @Tag("required")
  @DisplayName("R3.3 after a lease expires the old token is refused and only the new holder can"
      + " settle the message")
  void r3_3_expiredTokenIsRefused() {
    Redelivered r = lapsedOnce();

    assertThat(broker.extendLease(r.stale(), TckTime.LONG_LEASE))
        .as("extendLease with an expired lease's token").isFalse();
    assertThat(broker.ack(r.stale())).as("ack with an expired lease's token").isFalse();
    assertThatQueue(r.queue()).as("after refused stale calls").hasInFlight(1);
    assertThat(broker.ack(r.current())).as("ack by the new holder").isTrue();
    assertThatQueue(r.queue()).isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("R3.4 extendLease moves the deadline: no redelivery at the old deadline, redelivery"
      + " after the new one")
  void r3_4_extendLeaseMovesTheDeadline() {
    Leased job = shortLeasedJob();
    String q = job.queue();
    Delivery d = job.delivery();
    time.advance(job.lease().dividedBy(2));
    Duration extension = job.lease().multipliedBy(3);
    Instant mark = time.now();
    assertThat(broker.extendLease(d, extension)).as("extendLease of a live lease").isTrue();

    if (time.controllable()) {
      time.advanceTo(d.leaseExpiresAt().plusMillis(1));
      assertNothingDue("the lease was extended past its first deadline", q);
    }
    expectSecondDeliveryAt(q, mark.plus(extension), "the message whose extended lease lapsed");
  }

  @Test
  @Tag("required")
  @DisplayName("R3.5 a job whose worker dies mid-run is run again by another worker after the"
      + " lease: nothing is lost")
  void r3_5_deadWorkerLosesNothing() throws InterruptedException {
    String q = declared("main");
    TaskType<TckArgs, Void> task = plainTask("tck.lease", q);
    docket().enqueue(task, new TckArgs("survive"));
    Duration lease = time.shortLease();
    // The first "worker" takes the job and is killed: no ack, no heartbeat, no hand-back.
    List<Delivery> taken = broker.fetch(FetchRequest.of(q, 1, lease, ctx.timeouts().event()));
    assertThat(taken).as("the dying worker's fetch").hasSize(1);

    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<String> values = new CopyOnWriteArrayList<>();
    Worker survivor = longLeaseWorker(q, task, (p, c) -> {
      attempts.add(c.attempt());
      values.add(p.value());
      return null;
    });
    assertThat(survivor.runDue()).as("jobs run while the dead worker's lease holds").isZero();
    time.advance(lease.plusMillis(1));
    assertThat(runDue(survivor, 1)).as("jobs run after the dead worker's lease ended")
        .isEqualTo(1);
    assertThat(values).containsExactly("survive");
    assertThat(attempts).as("the second worker sees the job's second delivery").containsExactly(2);
    assertThatQueue(q).as("after the survivor finished").hasCounts(0, 0, 0, 0);
  }

  @Test
  @Tag("required")
  @DisplayName("R3.6 a long job whose worker keeps extending its lease is never handed to another"
      + " consumer")
  void r3_6_heartbeatKeepsLongJobWithItsWorker() throws InterruptedException {
    String q = declared("main");
    ExtensionCountingBroker counting = new ExtensionCountingBroker(broker);
    // The worker extends at a quarter of its lease on its clock; keep that short on a manual one.
    Duration lease = time.controllable() ? Duration.ofMillis(300) : time.shortLease();
    Docket client = Docket.builder().broker(counting).clock(time.clock()).build();
    TaskType<TckArgs, Void> task = plainTask("tck.long", q);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    track(client.worker().queues(q).concurrency(1).lease(lease)
        .fetchWait(Duration.ofMillis(100)).handle(task, (p, c) -> {
          runs.incrementAndGet();
          started.countDown();
          finish.await(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS);
          return null;
        }).start());
    client.enqueue(task, new TckArgs("long"), EnqueueOptions.defaults());
    assertThat(started.await(ctx.timeouts().event().toMillis(), TimeUnit.MILLISECONDS))
        .as("the worker started the job").isTrue();

    if (time.controllable()) {
      // The lease keeper runs on the worker's clock: move time by less than a lease, then wait
      // for the extension that step is due; 5 steps span > 3 leases.
      for (int i = 0; i < 5; i++) {
        int seen = counting.granted();
        time.advance(lease.multipliedBy(2).dividedBy(3));
        Awaitility.await("lease extension #" + (seen + 1)).atMost(ctx.timeouts().event())
            .until(() -> counting.granted() > seen);
      }
    } else {
      time.advance(lease.multipliedBy(3));
    }
    assertNothingDue("the running job's lease is being extended", q);
    assertThat(counting.granted()).as("lease extensions while the job ran").isPositive();

    finish.countDown();
    Awaitility.await("the long job to be acked").atMost(ctx.timeouts().event())
        .until(() -> broker.stats(q).total() == 0);
    assertThat(runs.get()).as("runs of the long job").isEqualTo(1);
  }
}
