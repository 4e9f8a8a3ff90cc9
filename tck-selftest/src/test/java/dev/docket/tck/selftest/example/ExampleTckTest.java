package dev.docket.tck.selftest.example;

import dev.docket.tck.DocketTck;
import dev.docket.tck.TckFixture;

/** Every kit of the TCK (R, S, C, W) on the module's fixture. */
class ExampleTckTest extends DocketTck {
  @Override
  public TckFixture fixture() {
    return new ExampleTckFixture();
  }
}
