package dev.docket.tck;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The coordination TCK in one class: the state-store contract (S) and the features built on it
 * (C1 states and results, C2 idempotency, C3 singleton locks, C4 global concurrency, C5 rate
 * limits), run on a broker <em>and</em> the store that deployment would use. A module writes one
 * subclass:
 *
 * <pre>{@code
 * class RedisCoordinationTest extends CoordinationKit {
 *   @Override
 *   protected Broker createBroker(TckContext ctx) {
 *     return RedisBroker.builder().uri(redisUri()).keyPrefix(ctx.namespace()).build();
 *   }
 *
 *   @Override
 *   protected StateStore createStore(TckContext ctx) {
 *     return RedisStateStore.create(redisUri(), Clock.systemUTC());
 *   }
 * }
 * }</pre>
 *
 * <p>When the broker declares {@code controllableClock}, the store must follow {@link
 * TckContext#clock()} too and the subclass overrides {@link #storeFollowsClock()}; otherwise both
 * run on the system clock. There is no way to turn a test off.
 *
 * @since 0.1
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class CoordinationKit {

  /** A fresh, open broker for one test; see {@link BrokerContract#createBroker}. */
  protected abstract Broker createBroker(TckContext ctx);

  /** A fresh, open store for one test; see {@link StateStoreContract#createStore}. */
  protected abstract StateStore createStore(TckContext ctx);

  /** Whether the store reads TTLs from {@link TckContext#clock()}; default false. */
  protected boolean storeFollowsClock() {
    return false;
  }

  /** Deletes what a namespace cannot isolate, after each test; the default does nothing. */
  protected void cleanup(TckContext ctx) {}

  /** S: state store, see {@link StateStoreContract}. */
  @Nested
  @Order(1)
  @DisplayName("S state store semantics, TTLs and atomicity")
  class Store extends StateStoreContract {
    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }

  /** C1: job states and results, see {@link JobStateContract}. */
  @Nested
  @Order(2)
  @DisplayName("C1 job states and results")
  class JobStates extends JobStateContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return CoordinationKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }

  /** C2: idempotent handlers, see {@link IdempotencyContract}. */
  @Nested
  @Order(3)
  @DisplayName("C2 idempotent handlers")
  class Idempotency extends IdempotencyContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return CoordinationKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }

  /** C3: singleton locks, see {@link SingletonLockContract}. */
  @Nested
  @Order(4)
  @DisplayName("C3 singleton locks")
  class SingletonLocks extends SingletonLockContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return CoordinationKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }

  /** C4: global concurrency, see {@link GlobalConcurrencyContract}. */
  @Nested
  @Order(5)
  @DisplayName("C4 global concurrency")
  class GlobalConcurrency extends GlobalConcurrencyContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return CoordinationKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }

  /** C5: rate limits, see {@link RateLimitContract}. */
  @Nested
  @Order(6)
  @DisplayName("C5 rate limits")
  class RateLimits extends RateLimitContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return CoordinationKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return CoordinationKit.this.createStore(ctx);
    }

    @Override
    protected boolean storeFollowsClock() {
      return CoordinationKit.this.storeFollowsClock();
    }

    @Override
    protected void cleanup(TckContext ctx) {
      CoordinationKit.this.cleanup(ctx);
    }
  }
}
