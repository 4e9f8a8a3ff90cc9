package dev.docket.tck;

/**
 * The broker rules (R1–R14, see {@link BrokerRules}) on a module's fixture, for a module or a
 * variant that runs the broker rules alone; {@link DocketTck} runs them with every other kit. A
 * test class implements {@link #fixture()} and nothing else:
 *
 * <pre>{@code
 * class RedisClusterTckTest extends BrokerCompatibilityKit {
 *   @Override
 *   public TckFixture fixture() {
 *     return RedisTckFixture.cluster(cluster.seed());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public abstract class BrokerCompatibilityKit extends BrokerRules implements TckSuite {}
