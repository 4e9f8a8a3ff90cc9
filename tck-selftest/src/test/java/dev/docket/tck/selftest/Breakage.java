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
  EARLY_DELAYED_DELIVERY(
      Kits.EarlyDelayedDelivery.class, "DelayedDelivery", "R4.1", "expected no delivery"),
  AT_MOST_ONCE(Kits.AtMostOnce.class, "Lease", "R3.2", "was not delivered"),
  NEVER_REDELIVERS(Kits.NeverRedelivers.class, "Lease", "R3.2", "was not delivered"),
  REDELIVERS_ACKED(Kits.RedeliversAcked.class, "AckRedelivery", "R2.1", "the only message was acked"),
  IGNORES_PRIORITY(Kits.IgnoresPriority.class, "Priority", "R5.3", "priority"),
  IGNORES_QUEUE_ORDER(Kits.IgnoresQueueOrder.class, "Priority", "R5.1", "queue"),
  IGNORES_NACK_DELAY(Kits.IgnoresNackDelay.class, "AckRedelivery", "R2.3", "right after release"),
  NO_IDEMPOTENT_ENQUEUE(Kits.NoIdempotentEnqueue.class, "EnqueueReceive", "R1.9", "DUPLICATE"),
  NO_OP_LEASE_EXTENSION(Kits.NoOpLeaseExtension.class, "Lease", "R3.4", "extended past its first deadline"),
  DEAD_LETTER_LOSES_BYTES(Kits.DeadLetterLosesBytes.class, "DeadLetter", "R7.1", "body"),
  LYING_STATS(Kits.LyingStats.class, "EnqueueReceive", "R1.8", "expected ready=1");

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
