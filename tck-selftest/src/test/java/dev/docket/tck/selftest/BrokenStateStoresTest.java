package dev.docket.tck.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.docket.spi.StateStore;
import dev.docket.tck.ForwardingStateStore;
import dev.docket.tck.StateStoreKit;
import dev.docket.tck.TckFixture;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Tests the state-store contract: each store here is wrong in one way a real store could be (a
 * lost TTL, a non-atomic check-then-set, a delete that ignores the owner), and the contract must
 * fail the rule that catches it, while the correct in-memory store passes every rule.
 */
class BrokenStateStoresTest {

  /** The store rules on the manual clock over the in-memory store passed through a wrapper. */
  abstract static class StoreContract extends StateStoreKit {
    private final TckFixture fixture;

    StoreContract(UnaryOperator<StateStore> wrap) {
      this.fixture = WrappedStoreFixture.storeOnly(wrap);
    }

    @Override
    public TckFixture fixture() {
      return fixture;
    }
  }

  static class CorrectStore extends StoreContract {
    CorrectStore() {
      super(UnaryOperator.identity());
    }
  }

  /** Drops every TTL of put and putIfAbsent: locks of dead owners never expire. */
  static class TtlDroppingStore extends StoreContract {
    TtlDroppingStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public void put(String key, byte[] value, @Nullable Duration ttl) {
          super.put(key, value, null);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
          return super.putIfAbsent(key, value, null);
        }
      });
    }
  }

  /** Check-then-set in two steps, with a pause between: two racing callers both win. */
  static class CheckThenSetStore extends StoreContract {
    CheckThenSetStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
          if (get(key).isPresent()) {
            return false;
          }
          LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
          put(key, value, ttl);
          return true;
        }
      });
    }
  }

  /** Deletes whenever the key exists, whatever the caller's token: anyone frees a lock. */
  static class OwnerBlindDeleteStore extends StoreContract {
    OwnerBlindDeleteStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public boolean compareAndDelete(String key, byte[] expected) {
          if (get(key).isEmpty()) {
            return false;
          }
          delete(key);
          return true;
        }
      });
    }
  }

  /** Every increment restarts the counter's TTL: a rate window that never ends while busy. */
  static class SlidingCounterStore extends StoreContract {
    SlidingCounterStore() {
      super(s -> new ForwardingStateStore(s) {
        @Override
        public long increment(String key, long delta, @Nullable Duration ttl) {
          long n = super.increment(key, delta, ttl);
          if (ttl != null) {
            super.put(key, Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ttl);
          }
          return n;
        }
      });
    }
  }

  @Test
  void correctStore_passesEveryStoreRule() {
    KitRun.of("store contract over the correct in-memory store", selectClass(CorrectStore.class))
        .requireAllPass();
  }

  @Test
  void ttlDroppingStore_failsTheTtlRules() {
    KitRun run = KitRun.of("TtlDroppingStore", selectClass(TtlDroppingStore.class));
    run.requireTestFailure("S2.1", "must be gone 1 ms after its TTL");
    run.requireTestFailure("S2.3", "must be gone 1 ms after its TTL");
  }

  @Test
  void checkThenSetStore_failsTheRaceRules() {
    KitRun run = KitRun.of("CheckThenSetStore", selectClass(CheckThenSetStore.class));
    run.requireTestFailure("S3.1", "winners of round");
  }

  @Test
  void ownerBlindDeleteStore_failsCompareAndDelete() {
    KitRun run = KitRun.of("OwnerBlindDeleteStore", selectClass(OwnerBlindDeleteStore.class));
    run.requireTestFailure("S1.6", "with another token");
  }

  @Test
  void slidingCounterStore_failsTheFixedWindowRule() {
    KitRun run = KitRun.of("SlidingCounterStore", selectClass(SlidingCounterStore.class));
    run.requireTestFailure("S2.5", "the counter must be gone 1 ms after its TTL");
  }
}
