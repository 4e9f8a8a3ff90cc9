package dev.docket.tck.selftest;

import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.ForwardingBroker;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The kit subclasses the self-test runs through the JUnit engine: one per broken broker, one for
 * the correct in-memory broker and one for a broker that declares less than it could. They are
 * static nested classes whose names do not end in {@code Test}, so Surefire never runs them on its
 * own; only {@link KitRun} does, and checks the outcome.
 */
final class Kits {

  private Kits() {}

  /** The kit over an in-memory broker on the test's clock, passed through {@code wrap}. */
  abstract static class KitOver extends BrokerCompatibilityKit {
    private final UnaryOperator<Broker> wrap;

    KitOver(UnaryOperator<Broker> wrap) {
      this.wrap = wrap;
    }

    @Override
    public final TckFixture fixture() {
      return new TckFixture() {
        private @Nullable InMemoryBroker server;

        @Override
        public Broker broker(TckContext ctx) {
          server = InMemoryBroker.create(ctx.clock());
          return wrap.apply(server);
        }

        /** The unwrapped broker is the server: a broken wrapper cannot hide what it created. */
        @Override
        public Optional<Boolean> queueExists(TckContext ctx, String queue) {
          InMemoryBroker s = server;
          return s == null ? Optional.empty() : Optional.of(s.hasQueue(queue));
        }
      };
    }
  }

  /**
   * The correct broker behind a fixture that cannot tell whether a queue exists: R11.5 checks
   * the counts and reports the creation check skipped, naming the hook.
   */
  static class WithoutQueueExists extends BrokerCompatibilityKit {
    @Override
    public TckFixture fixture() {
      return ctx -> InMemoryBroker.create(ctx.clock());
    }
  }

  /** The reference broker as it is: must pass everything. */
  static class Correct extends KitOver {
    Correct() {
      super(UnaryOperator.identity());
    }
  }

  /**
   * A correct broker that does not claim message priority (so it keeps one priority level): the
   * priority rules must be skipped naming the capability, not passed.
   */
  static class WithoutPriority extends KitOver {
    WithoutPriority() {
      super(correct -> declaring(correct, c -> with(c, false, 1, c.fifo(), c.exactStats())));
    }
  }

  /** A correct broker that does not claim FIFO order within a priority. */
  static class WithoutFifo extends KitOver {
    WithoutFifo() {
      super(
          correct ->
              declaring(
                  correct,
                  c -> with(c, c.messagePriority(), c.priorityLevels(), false, c.exactStats())));
    }
  }

  /** A correct broker that claims only approximate statistics. */
  static class WithoutExactStats extends KitOver {
    WithoutExactStats() {
      super(
          correct ->
              declaring(
                  correct, c -> with(c, c.messagePriority(), c.priorityLevels(), c.fifo(), false)));
    }
  }

  static class EarlyDelayedDelivery extends KitOver {
    EarlyDelayedDelivery() {
      super(EarlyDelayedDeliveryBroker::new);
    }
  }

  static class AtMostOnce extends KitOver {
    AtMostOnce() {
      super(AtMostOnceBroker::new);
    }
  }

  static class NeverRedelivers extends KitOver {
    NeverRedelivers() {
      super(NeverRedeliversBroker::new);
    }
  }

  static class RedeliversAcked extends KitOver {
    RedeliversAcked() {
      super(RedeliversAckedBroker::new);
    }
  }

  static class IgnoresPriority extends KitOver {
    IgnoresPriority() {
      super(IgnoresPriorityBroker::new);
    }
  }

  static class IgnoresQueueOrder extends KitOver {
    IgnoresQueueOrder() {
      super(IgnoresQueueOrderBroker::new);
    }
  }

  static class IgnoresNackDelay extends KitOver {
    IgnoresNackDelay() {
      super(IgnoresNackDelayBroker::new);
    }
  }

  /** Both delays dropped: a job comes early and a hand-back comes straight back. */
  static class EarlyAndIgnoresNackDelay extends KitOver {
    EarlyAndIgnoresNackDelay() {
      super(b -> new EarlyDelayedDeliveryBroker(new IgnoresNackDelayBroker(b)));
    }
  }

  static class NoIdempotentEnqueue extends KitOver {
    NoIdempotentEnqueue() {
      super(NoIdempotentEnqueueBroker::new);
    }
  }

  static class NoOpLeaseExtension extends KitOver {
    NoOpLeaseExtension() {
      super(NoOpLeaseExtensionBroker::new);
    }
  }

  static class DeadLetterLosesBytes extends KitOver {
    DeadLetterLosesBytes() {
      super(DeadLetterLosesBytesBroker::new);
    }
  }

  static class LyingStats extends KitOver {
    LyingStats() {
      super(LyingStatsBroker::new);
    }
  }

  static class StatsCreateQueue extends KitOver {
    StatsCreateQueue() {
      super(StatsCreateQueueBroker::new);
    }
  }

  static class SecondsDelay extends KitOver {
    SecondsDelay() {
      super(SecondsDelayBroker::new);
    }
  }

  static class FixedLease extends KitOver {
    FixedLease() {
      super(FixedLeaseBroker::new);
    }
  }

  static class ResetsEnqueuedAt extends KitOver {
    ResetsEnqueuedAt() {
      super(ResetsEnqueuedAtBroker::new);
    }
  }

  /** {@code broker} declaring other capabilities; its behaviour is unchanged. */
  /** Fakes browsing by receiving and releasing ready jobs. */
  static class BrowseByFetching extends KitOver {
    BrowseByFetching() {
      super(BrowseByFetchingBroker::new);
    }
  }

  /** Claims queue listing and lists nothing. */
  static class ListsNothing extends KitOver {
    ListsNothing() {
      super(ListsNothingBroker::new);
    }
  }

  /**
   * A correct broker that claims neither listing nor browsing, and says so through a browser
   * that refuses: the R14 rules must be skipped naming the capability, R14.1 must pass.
   */
  static class WithoutBrowse extends KitOver {
    WithoutBrowse() {
      super(correct -> new ForwardingBroker(correct) {
        private final Capabilities declared =
            correct.capabilities().toBuilder().listQueues(false).browse(false).build();

        @Override
        public Capabilities capabilities() {
          return declared;
        }

        @Override
        public dev.docket.spi.QueueBrowser browser() {
          return dev.docket.spi.QueueBrowser.unsupported("this test broker does not browse");
        }
      });
    }
  }

  private static Broker declaring(Broker broker, UnaryOperator<Capabilities> change) {
    Capabilities declared = change.apply(broker.capabilities());
    return new ForwardingBroker(broker) {
      @Override
      public Capabilities capabilities() {
        return declared;
      }
    };
  }

  private static Capabilities with(
      Capabilities c,
      boolean messagePriority,
      int priorityLevels,
      boolean fifo,
      boolean exactStats) {
    return c.toBuilder().messagePriority(messagePriority).priorityLevels(priorityLevels)
        .fifo(fifo).exactStats(exactStats).build();
  }
}
