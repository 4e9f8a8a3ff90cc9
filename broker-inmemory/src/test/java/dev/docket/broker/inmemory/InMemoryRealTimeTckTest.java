package dev.docket.broker.inmemory;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/**
 * Every kit (R, S, C, W) on the reference broker and store on the system clock, proving the
 * kit's real-time path on a known-good pair. Rules that need a controllable clock report
 * themselves skipped with the capability they need.
 */
class InMemoryRealTimeTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return InMemoryTckFixture.realTime();
  }
}
