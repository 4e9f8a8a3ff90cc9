package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.docket.tck.fault.FaultKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests the fault kit as {@link BrokenBrokersTest} tests the broker kit (issue 11): a broker that
 * acks before running, one that loses messages on reconnect and one that never re-delivers after
 * a crash each run one real scenario of the kit (worker processes, a private Redis under the
 * broken wrapper, {@link BrokenRedisProvider}) and must fail it naming F0.1, the "nothing lost"
 * row. The correct Redis broker runs the same scenario as the control and must pass it.
 *
 * <p>Named {@code *FaultKitIT}, so only {@code -Pfaults} runs it; tagged {@code selftest}, so
 * {@code -Dgroups=selftest} runs it alone. Needs {@code redis-server} on the PATH.
 */
@Tag("selftest")
class BrokenBrokersFaultKitIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokenBrokersFaultKitIT.class);

  private static final String F1_1 = "f1_1_killedWorkerLosesNothing";
  private static final String F2_1 = "f2_1_serverRestartLosesNothing";

  @Test
  @DisplayName("the correct Redis broker passes F1.1 at the self-test's scale (control)")
  void correctRedis_passesF1() {
    run(FaultKits.CorrectRedis.class, "KillNine", F1_1).requireTestPass("F1.1");
  }

  @Test
  @DisplayName("a broker that acks before running fails F1.1 naming F0.1 (lost)")
  void acksBeforeRunning_failsF1AsLost() {
    requireLost(run(FaultKits.AcksBeforeRunning.class, "KillNine", F1_1), "F1.1");
  }

  @Test
  @DisplayName("a broker that loses messages on reconnect fails F2.1 naming F0.1 (lost)")
  void losesOnReconnect_failsF2AsLost() {
    requireLost(run(FaultKits.LosesOnReconnect.class, "Restart", F2_1), "F2.1");
  }

  @Test
  @DisplayName("a broker that never re-delivers after a crash fails F1.1 naming F0.1 (lost)")
  void dropsCrashedLeases_failsF1AsLost() {
    requireLost(run(FaultKits.DropsCrashedLeases.class, "KillNine", F1_1), "F1.1");
  }

  /** The rule failed as an assertion whose message names it, F0.1, and lost jobs. */
  private static void requireLost(KitRun run, String rule) {
    Throwable failure = run.requireTestFailure(rule, rule + " (F0.1)");
    assertThat(failure)
        .as("the kit reports a broken broker as an assertion failure, not as a crash")
        .isInstanceOf(AssertionError.class);
    assertThat(failure.getMessage())
        .as("%s", run.summary())
        .contains("never completed a run (lost)");
    LOG.info("{} failed as it must: {}", rule, failure.getMessage());
  }

  /** Runs one test of one of {@link FaultKit}'s {@code @Nested} groups over {@code kit}. */
  private static KitRun run(Class<? extends FaultKit> kit, String group, String method) {
    return KitRun.of(kit.getSimpleName() + "/" + group,
        selectNestedMethod(List.of(kit.getName()), FaultKit.class.getName() + "$" + group,
            method));
  }
}
