package dev.docket.tck;

/**
 * The outermost class of a TCK run: it names the {@link TckFixture}, and every contract nested in
 * it, at any depth, reads the fixture from it. {@link DocketTck} and the kits ({@link
 * BrokerCompatibilityKit}, {@link StateStoreKit}, {@link CoordinationKit}, {@link WorkflowKit})
 * implement it; a module extends one of them and implements only {@link #fixture()}.
 *
 * <p>A class that runs a chosen set of rules implements it directly and nests the groups it
 * wants, each a one-liner with no code of its own:
 *
 * <pre>{@code
 * class ClassicQueueTckTest implements TckSuite {
 *   public TckFixture fixture() { return RabbitTckFixture.classic(); }
 *
 *   @Nested class Priority extends PriorityContract {}
 *   @Nested class Workflow extends WorkflowRules {}
 * }
 * }</pre>
 *
 * @since 0.3
 */
public interface TckSuite {

  /**
   * The fixture of this run. Called once per test, before it; the object returned serves that
   * test only, so it may be a new one each time or a shared stateless one.
   */
  TckFixture fixture();
}
