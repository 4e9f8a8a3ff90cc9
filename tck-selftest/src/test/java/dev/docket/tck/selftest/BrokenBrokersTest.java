package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.docket.tck.BrokerCompatibilityKit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Tests the TCK: every broker of {@link Breakage} is wrong, and the kit must say so through the
 * rule that names its bug, with a message a broker author can act on (as the Reactive Streams
 * TCK's {@code PublisherVerificationTest} does with {@code requireTestFailure}). The correct
 * in-memory broker must pass the whole kit, and a capability a broker does not declare must turn
 * its rules into skipped tests that name it, never into passes.
 */
class BrokenBrokersTest {

  @ParameterizedTest(name = "{0} is caught")
  @EnumSource(Breakage.class)
  void brokenBroker_runThroughItsContract_failsTheExpectedRule(Breakage breakage) {
    KitRun run =
        KitRun.of(
            breakage.name(),
            selectNestedClass(List.of(breakage.kit().getName()), contractClass(breakage.contract())));

    Throwable failure = run.requireTestFailure(breakage.rule(), breakage.messageFragment());

    assertThat(failure).as("the kit reports a broken broker as failed, not as an error").isInstanceOf(AssertionError.class);
  }

  @Test
  void atMostOnceBroker_runThroughTheWholeKit_failsEveryLeaseRuleAndPassesTheHarness() {
    KitRun run = KitRun.of("whole kit over AT_MOST_ONCE", selectClass(Kits.AtMostOnce.class));

    run.requireTestFailure("R3.2", "was not delivered");
    run.requireTestFailure("R3.5", "run");
    // The harness checks must not be what fails: the broker's capabilities are fine.
    assertThat(
            run.tests().finished().stream()
                .filter(e -> KitRun.matches(e.getTestDescriptor(), "R0.1"))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus()))
        .as("R0.1 over a broker that only loses unacked jobs%n%s", run.summary())
        .isNotEmpty()
        .allMatch(s -> s == TestExecutionResult.Status.SUCCESSFUL);
    assertThat(run.tests().succeeded().count())
        .as("failures are reported per rule, not as one failure of the whole kit")
        .isPositive();
  }

  @Test
  void correctInMemoryBroker_runThroughTheWholeKit_passesEveryRule() {
    KitRun.of("whole kit over the correct in-memory broker", selectClass(Kits.Correct.class))
        .requireAllPass();
  }

  @Test
  void brokerWithoutPriorityCapability_priorityRules_areSkippedNamingTheCapability() {
    KitRun run =
        KitRun.of(
            "Priority contract without messagePriority",
            selectNestedClass(
                List.of(Kits.WithoutPriorityCapability.class.getName()), contractClass("Priority")));

    run.requireTestSkip("R5.3", "messagePriority");
    run.requireTestSkip("R5.4", "messagePriority");
    assertThat(run.tests().failed().count()).as("%s", run.summary()).isZero();
  }

  /** Binary name of one of the kit's {@code @Nested} contract classes. */
  private static String contractClass(String simpleName) {
    return BrokerCompatibilityKit.class.getName() + "$" + simpleName;
  }
}
