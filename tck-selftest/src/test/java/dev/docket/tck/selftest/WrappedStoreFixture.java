package dev.docket.tck.selftest;

import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.broker.inmemory.InMemoryStateStore;
import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import java.util.function.UnaryOperator;

/**
 * The fixture of the store self-tests: the correct in-memory store on the test's clock, passed
 * through {@code wrap}, which breaks it in one way (or, for the reference run, returns it as is).
 *
 * @param wrap turns the correct store into the one under test
 * @param opensBroker whether the rules under test open a broker (the in-memory one on the test's
 *     clock); the state store rules never do, so for them a broker request is a harness bug
 */
record WrappedStoreFixture(UnaryOperator<StateStore> wrap, boolean opensBroker)
    implements TckFixture {

  /** For the state store rules (S): a store only, which follows the test's clock. */
  static WrappedStoreFixture storeOnly(UnaryOperator<StateStore> wrap) {
    return new WrappedStoreFixture(wrap, false);
  }

  /** For the workflow rules (W): the wrapped store beside the in-memory broker. */
  static WrappedStoreFixture withInMemoryBroker(UnaryOperator<StateStore> wrap) {
    return new WrappedStoreFixture(wrap, true);
  }

  @Override
  public Broker broker(TckContext ctx) {
    if (!opensBroker) {
      throw new AssertionError("the state store rules never open a broker");
    }
    return InMemoryBroker.create(ctx.clock());
  }

  @Override
  public StateStore store(TckContext ctx) {
    return wrap.apply(InMemoryStateStore.create(ctx.clock()));
  }

  /**
   * True for the store-only fixture, whose TTL rules then run exactly on the manual clock; the
   * workflow fixture keeps the default, as the workflow rules never ask.
   */
  @Override
  public boolean storeFollowsClock() {
    return !opensBroker;
  }
}
