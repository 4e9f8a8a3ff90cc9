package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.docket.spi.StateStore;
import dev.docket.tck.ForwardingStateStore;
import dev.docket.tck.TckFixture;
import dev.docket.tck.WorkflowKit;
import dev.docket.tck.WorkflowRules;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Tests the workflow contracts: each store here is wrong in one way a real store could be, and
 * the kit must fail the rule that depends on it, while the correct in-memory store passes every
 * rule.
 */
class BrokenStoresTest {

  /** The workflow kit over the in-memory broker and a store passed through {@code wrap}. */
  abstract static class StoreKit extends WorkflowKit {
    private final TckFixture fixture;

    StoreKit(UnaryOperator<StateStore> wrap) {
      this.fixture = WrappedStoreFixture.withInMemoryBroker(wrap);
    }

    @Override
    public TckFixture fixture() {
      return fixture;
    }
  }

  /** The reference store. */
  static class CorrectStore extends StoreKit {
    CorrectStore() {
      super(UnaryOperator.identity());
    }
  }

  /** Set-if-absent that always sets: every scheduler "wins" every tick claim. */
  static class OverwritingStore extends StoreKit {
    OverwritingStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
          put(key, value, ttl);
          return true;
        }
      });
    }
  }

  /** Counters that never move: every increment returns its delta, as if the count were lost. */
  static class ForgetfulCounterStore extends StoreKit {
    ForgetfulCounterStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public long increment(String key, long delta, @Nullable Duration ttl) {
          return delta;
        }
      });
    }
  }

  @Test
  void correctStore_passesEveryWorkflowRule() {
    KitRun.of("workflow kit over the correct in-memory store", selectClass(CorrectStore.class))
        .requireAllPass();
  }

  @Test
  void overwritingStore_reEnqueuesAnAckedTick_failsW1_1() {
    KitRun run = contractRun(OverwritingStore.class, "Cron");
    Throwable failure = run.requireTestFailure("W1.1", "after its job ran");
    assertThat(failure).isInstanceOf(AssertionError.class);
  }

  @Test
  void forgetfulCounterStore_neverCompletesAChord_failsW3_2() {
    KitRun run = contractRun(ForgetfulCounterStore.class, "GroupsAndChords");
    run.requireTestFailure("W3.2", "the chord to succeed");
    run.requireTestFailure("W3.1", "the group to succeed");
  }

  private static KitRun contractRun(Class<? extends WorkflowKit> kit, String contract) {
    return KitRun.of(kit.getSimpleName() + "/" + contract,
        selectNestedClass(List.of(kit.getName()), WorkflowRules.class.getName() + "$" + contract));
  }
}
