package dev.docket.tck.selftest;

import dev.docket.tck.BrokerCompatibilityKit;

/**
 * Every deliberately broken broker of the self-test, with the rule of the kit that must catch it
 * and a fragment of the failure message that must tell a broker author what went wrong. All the
 * brokers listed here are wrong; {@code BrokenBrokersTest} proves the kit says so.
 *
 * <p>{@link #contract()} is the {@code @Nested} contract of {@code BrokerCompatibilityKit} that
 * holds the rule; the self-test runs only that contract per broker to stay fast, and one broker
 * through the whole kit.
 */
enum Breakage {
  /** {@link EarlyDelayedDeliveryBroker}: drops notBefore, so delays run at once. */
  EARLY_DELAYED_DELIVERY(
      Kits.EarlyDelayedDelivery.class,
      "DelayedDelivery",
      "R4.1",
      "a message due at"),
  /** {@link AtMostOnceBroker}: acks on fetch, so a dead worker loses its job. */
  AT_MOST_ONCE(Kits.AtMostOnce.class, "Lease", "R3.2", "was not delivered"),
  /** {@link NeverRedeliversBroker}: hides second deliveries, so expired leases strand jobs. */
  NEVER_REDELIVERS(Kits.NeverRedelivers.class, "Lease", "R3.2", "was not delivered"),
  /** {@link RedeliversAckedBroker}: a lost ack, so a finished job runs again. */
  REDELIVERS_ACKED(
      Kits.RedeliversAcked.class,
      "AckRedelivery",
      "R2.1",
      "the only message was acked"),
  /** {@link IgnoresPriorityBroker}: stores every message at priority 0. */
  IGNORES_PRIORITY(Kits.IgnoresPriority.class, "Priority", "R5.3", "the priority-9 message"),
  /** {@link IgnoresQueueOrderBroker}: drains the queues of a fetch last to first. */
  IGNORES_QUEUE_ORDER(Kits.IgnoresQueueOrder.class, "Priority", "R5.1", "fetch order"),
  /** {@link IgnoresNackDelayBroker}: a release is due at once, whatever its delay. */
  IGNORES_NACK_DELAY(Kits.IgnoresNackDelay.class, "AckRedelivery", "R2.3", "right after release"),
  /** {@link NoIdempotentEnqueueBroker}: stores a live id a second time. */
  NO_IDEMPOTENT_ENQUEUE(
      Kits.NoIdempotentEnqueue.class,
      "IdempotentEnqueue",
      "R8.1",
      "second publish of id"),
  /** {@link NoOpLeaseExtensionBroker}: extendLease says yes and does nothing. */
  NO_OP_LEASE_EXTENSION(
      Kits.NoOpLeaseExtension.class,
      "Lease",
      "R3.4",
      "extended past its first deadline"),
  /** {@link DeadLetterLosesBytesBroker}: dead letters keep no body. */
  DEAD_LETTER_LOSES_BYTES(Kits.DeadLetterLosesBytes.class, "DeadLetter", "R7.1", "original bytes"),
  /** {@link LyingStatsBroker}: every queue reports empty. */
  LYING_STATS(Kits.LyingStats.class, "Stats", "R11.1", "but the broker reports"),
  /** {@link StatsCreateQueueBroker}: stats declare the queue first. */
  STATS_CREATE_QUEUE(Kits.StatsCreateQueue.class, "Stats", "R11.5", "stats created it"),
  /** {@link SecondsDelayBroker}: rounds due times down to whole seconds. */
  SECONDS_DELAY(Kits.SecondsDelay.class, "DelayedDelivery", "R4.1", "not 1 ms earlier"),
  /** {@link FixedLeaseBroker}: leases for 30 s whatever the fetch asked for. */
  FIXED_LEASE(Kits.FixedLease.class, "Lease", "R3.1", "its lease ends at"),
  /** {@link ResetsEnqueuedAtBroker}: enqueuedAt restarts at every redelivery. */
  RESETS_ENQUEUED_AT(Kits.ResetsEnqueuedAt.class, "Lease", "R3.2", "enqueuedAt"),
  /** Browses by receiving and releasing: each look charges the jobs a delivery. */
  BROWSE_BY_FETCHING(Kits.BrowseByFetching.class, "Browse", "R14.3", "deliveries"),
  /** Claims listQueues and lists nothing. */
  LISTS_NOTHING(Kits.ListsNothing.class, "Browse", "R14.2", "queues listed");

  private final Class<? extends BrokerCompatibilityKit> kit;
  private final String contract;
  private final String rule;
  private final String messageFragment;

  Breakage(
      Class<? extends BrokerCompatibilityKit> kit,
      String contract,
      String rule,
      String messageFragment) {
    this.kit = kit;
    this.contract = contract;
    this.rule = rule;
    this.messageFragment = messageFragment;
  }

  /** The kit subclass whose broker has this bug. */
  Class<? extends BrokerCompatibilityKit> kit() {
    return kit;
  }

  /** Simple name of the kit's {@code @Nested} contract class that must catch the bug. */
  String contract() {
    return contract;
  }

  /** The rule id whose test must fail, e.g. "R3.2". */
  String rule() {
    return rule;
  }

  /** A fragment the rule's failure message must contain, case-insensitive. */
  String messageFragment() {
    return messageFragment;
  }
}
