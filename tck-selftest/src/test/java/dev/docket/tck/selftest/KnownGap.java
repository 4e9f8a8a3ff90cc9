package dev.docket.tck.selftest;

import dev.docket.tck.BrokerCompatibilityKit;

/**
 * Broken brokers the kit does not catch yet: real TCK gaps, described in {@code GAPS.md} with the
 * test that would close each. {@code BrokenBrokersTest} runs each through the whole kit and
 * requires that it still passes, so the day the kit catches one, the build says so and the entry
 * moves to {@link Breakage} with the rule that caught it. A gap therefore never closes, or
 * reopens, unnoticed.
 */
enum KnownGap {
  /** {@link SecondsDelayBroker}: rounds due times down to whole seconds. */
  SECONDS_DELAY(Kits.SecondsDelay.class),
  /** {@link FixedLeaseBroker}: leases for 30 s whatever the fetch asked for. */
  FIXED_LEASE(Kits.FixedLease.class),
  /** {@link ResetsEnqueuedAtBroker}: enqueuedAt restarts at every redelivery. */
  RESETS_ENQUEUED_AT(Kits.ResetsEnqueuedAt.class);

  private final Class<? extends BrokerCompatibilityKit> kit;

  KnownGap(Class<? extends BrokerCompatibilityKit> kit) {
    this.kit = kit;
  }

  /** The kit subclass whose broker has this bug. */
  Class<? extends BrokerCompatibilityKit> kit() {
    return kit;
  }
}
