package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.docket.tck.BrokerCompatibilityKit;
import dev.docket.tck.BrokerRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests the TCK: every broker of {@link Breakage} is wrong, and the kit must say so through the
 * rule that names its bug, with a message a broker author can act on (as the Reactive Streams
 * TCK's {@code PublisherVerificationTest} does with {@code requireTestFailure}). The correct
 * in-memory broker must pass the whole kit, and a capability a broker does not declare must turn
 * its rules into skipped tests that name it, never into passes. A new broken broker the kit
 * misses is a TCK gap: close it in the kit, then list the broker in {@link Breakage}.
 *
 * <p>Each broken broker runs through the one contract that holds its rule (well under a second
 * each); the whole kit runs for the correct broker, for one broken broker whose failures come
 * fast.
 */
class BrokenBrokersTest {

  @ParameterizedTest(name = "{0} is caught")
  @EnumSource(Breakage.class)
  void brokenBroker_runThroughItsContract_failsTheExpectedRule(Breakage breakage) {
    KitRun run = contractRun(breakage.kit(), breakage.contract());

    Throwable failure = run.requireTestFailure(breakage.rule(), breakage.messageFragment());

    assertThat(failure)
        .as("the kit reports a broken broker as an assertion failure, not as a crash")
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void ignoresNackDelayBroker_runThroughTheWholeKit_failsItsRulesAndPassesTheOthers() {
    // A broker whose one bug fails fast: the kit must report it rule by rule, the SPI rule and
    // the runtime rules it breaks, while every unrelated rule still passes.
    KitRun run =
        KitRun.of("whole kit over IGNORES_NACK_DELAY", selectClass(Kits.IgnoresNackDelay.class));

    run.requireTestFailure("R2.3", "right after release");
    run.requireTestFailure("R6.1", "");
    for (String unrelated : List.of("R0.1", "R1.1", "R3.2", "R4.1", "R8.1")) {
      run.requireTestPass(unrelated);
    }
    assertThat(run.tests().succeeded().count())
        .as("most of the kit has nothing to do with release delays%n%s", run.summary())
        .isGreaterThan(run.tests().failed().count() * 5);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {Kits.EarlyDelayedDelivery.class, Kits.EarlyAndIgnoresNackDelay.class})
  void earlyJob_runDueOnTheTestClock_failsR4_6AtOnce(Class<? extends BrokerCompatibilityKit> kit) {
    // runDue on a test clock must hand an early job back, not hold it on the very thread that
    // moves the clock (that waited for R4.6's three-minute timeout), nor spin when the broker
    // hands the job straight back: R4.6 fails with its own message, not a timeout.
    KitRun run = contractRun(kit, "DelayedDelivery");

    assertThat(run.requireTestFailure("R4.6", "jobs run before the delay"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void correctInMemoryBroker_runThroughTheWholeKit_passesEveryRule() {
    KitRun.of("whole kit over the correct in-memory broker", selectClass(Kits.Correct.class))
        .requireAllPass();
  }

  @Test
  void brokerWithoutPriority_priorityRules_areSkippedNamingTheCapability() {
    requireSkippedNaming(Kits.WithoutPriority.class, "Priority", "R5.1",
        Map.of("R5.3", "messagePriority", "R5.4", "priorityLevels"));
  }

  @Test
  void brokerWithoutBrowse_browseRules_areSkippedNamingTheCapability() {
    requireSkippedNaming(Kits.WithoutBrowse.class, "Browse", "R14.1",
        Map.of("R14.2", "listQueues", "R14.3", "browse", "R14.5", "browse"));
  }

  @Test
  void brokerWithoutFifo_fifoRule_isSkippedNamingTheCapability() {
    requireSkippedNaming(Kits.WithoutFifo.class, "Priority", "R5.3", Map.of("R5.5", "fifo"));
  }

  @Test
  void brokerWithoutExactStats_exactStatsRules_areSkippedNamingTheCapability() {
    requireSkippedNaming(Kits.WithoutExactStats.class, "Stats", "R11.1",
        Map.of("R11.2", "exactStats", "R11.3", "exactStats"));
  }

  @Test
  void fixtureWithoutQueueExists_r11_5_checksCountsAndSkipsNamingTheHook() {
    requireSkippedNaming(Kits.WithoutQueueExists.class, "Stats", "R11.1",
        Map.of("R11.5", "queueExists"));
  }

  /**
   * Runs {@code contract} of {@code kit}, whose broker or fixture lacks what the rules of {@code
   * skipped} need: each of those rules must be skipped with a reason containing its value (the
   * capability or hook to declare), {@code passing} must still pass, and nothing may fail.
   */
  private static void requireSkippedNaming(Class<? extends BrokerCompatibilityKit> kit,
      String contract, String passing, Map<String, String> skipped) {
    KitRun run = contractRun(kit, contract);

    skipped.forEach(run::requireTestSkip);
    run.requireTestPass(passing);
    run.requireNoFailure();
  }

  /** Runs one {@code @Nested} contract of {@code kit}. */
  private static KitRun contractRun(Class<? extends BrokerCompatibilityKit> kit, String contract) {
    return KitRun.of(
        kit.getSimpleName() + "/" + contract,
        selectNestedClass(List.of(kit.getName()), contractClass(contract)));
  }

  /** Binary name of one of the kit's {@code @Nested} contract classes (from BrokerRules). */
  private static String contractClass(String simpleName) {
    return BrokerRules.class.getName() + "$" + simpleName;
  }
}
