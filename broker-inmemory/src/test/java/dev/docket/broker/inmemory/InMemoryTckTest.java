package dev.docket.broker.inmemory;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/**
 * Every kit (R, S, C, W) on the reference broker and store, on the TCK's manual clock: TTLs,
 * leases and windows pass without waiting.
 */
class InMemoryTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return InMemoryTckFixture.manual();
  }
}
