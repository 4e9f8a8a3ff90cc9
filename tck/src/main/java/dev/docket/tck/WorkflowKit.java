package dev.docket.tck;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The workflow contracts in one class: cron schedules (W1), chains (W2), groups and chords
 * (W3). A broker module writes one subclass that creates its broker and the state store its
 * deployments would use:
 *
 * <pre>{@code
 * class RedisWorkflowTest extends WorkflowKit {
 *   protected Broker createBroker(TckContext ctx) { return RedisBroker.create(..); }
 *   protected StateStore createStore(TckContext ctx) { return RedisStateStore.create(..); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class WorkflowKit {

  /** A fresh, open broker for one test; the TCK closes it. */
  protected abstract Broker createBroker(TckContext ctx);

  /** A fresh, open state store for one test; the TCK closes it. */
  protected abstract StateStore createStore(TckContext ctx);

  /** Deletes what a namespace cannot isolate, after each test; the default does nothing. */
  protected void cleanup(TckContext ctx) {}

  /**
   * A second, independent client of the broker's server, for the rules that race two processes
   * (W1.7, W3.7); {@code null} (the default) shares the first (in-process brokers).
   */
  protected @Nullable Broker createSecondBroker(TckContext ctx) {
    return null;
  }

  /** Like {@link #createSecondBroker}, for the state store. */
  protected @Nullable StateStore createSecondStore(TckContext ctx) {
    return null;
  }

  /** W1: cron schedules, see {@link CronContract}. */
  @Nested
  @Order(1)
  @DisplayName("W1 cron schedules")
  class Cron extends CronContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return WorkflowKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return WorkflowKit.this.createStore(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      WorkflowKit.this.cleanup(ctx);
    }

    @Override
    protected @Nullable Broker createSecondBroker(TckContext ctx) {
      return WorkflowKit.this.createSecondBroker(ctx);
    }

    @Override
    protected @Nullable StateStore createSecondStore(TckContext ctx) {
      return WorkflowKit.this.createSecondStore(ctx);
    }
  }

  /** W2: chains, see {@link ChainContract}. */
  @Nested
  @Order(2)
  @DisplayName("W2 chains")
  class Chains extends ChainContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return WorkflowKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return WorkflowKit.this.createStore(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      WorkflowKit.this.cleanup(ctx);
    }
  }

  /** W3: groups and chords, see {@link GroupChordContract}. */
  @Nested
  @Order(3)
  @DisplayName("W3 groups and chords")
  class GroupsAndChords extends GroupChordContract {
    @Override
    protected Broker createBroker(TckContext ctx) {
      return WorkflowKit.this.createBroker(ctx);
    }

    @Override
    protected StateStore createStore(TckContext ctx) {
      return WorkflowKit.this.createStore(ctx);
    }

    @Override
    protected void cleanup(TckContext ctx) {
      WorkflowKit.this.cleanup(ctx);
    }

    @Override
    protected @Nullable Broker createSecondBroker(TckContext ctx) {
      return WorkflowKit.this.createSecondBroker(ctx);
    }

    @Override
    protected @Nullable StateStore createSecondStore(TckContext ctx) {
      return WorkflowKit.this.createSecondStore(ctx);
    }
  }
}
