package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * One run of (part of) the compatibility kit through the JUnit Jupiter engine, and the checks the
 * self-test makes on it, in the spirit of the Reactive Streams TCK's {@code requireTestFailure}
 * and {@code requireTestSkip}. A test is named by its rule id ("R4.1"): it matches a display name
 * that starts with the id, or a method name that starts with its snake form ({@code r4_1_}), so
 * parameterized invocations match through their method.
 *
 * <p>Every failed check prints what the run did report (each failed, skipped and aborted test with
 * its message), so a self-test failure says at once whether the kit missed a bug or renamed a rule.
 */
final class KitRun {

  private final String label;
  private final Events tests;

  private KitRun(String label, Events tests) {
    this.label = label;
    this.tests = tests;
  }

  /** Runs the tests the selectors pick, in this JVM, and records every test event. */
  static KitRun of(String label, DiscoverySelector... selectors) {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            // The kit runs on a ManualClock; nothing gains from running these runs in parallel.
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
            .selectors(selectors)
            .execute()
            .testEvents();
    return new KitRun(label, tests);
  }

  /** The recorded test events, for checks this class does not offer. */
  Events tests() {
    return tests;
  }

  /**
   * Requires that the rule's test failed (not aborted), with a message that contains {@code
   * messageFragment} (case-insensitive). Returns the failure for further checks.
   */
  Throwable requireTestFailure(String ruleId, String messageFragment) {
    requireTestsRan();
    assertThat(tests.failed().count())
        .as("%s: the kit should report at least one failure%n%s", label, summary())
        .isPositive();
    List<Throwable> failures = requireSome(ruleId, "to fail, but it did not",
        finished(ruleId, TestExecutionResult.Status.FAILED).stream().map(KitRun::throwable));
    String wanted = messageFragment.toLowerCase(Locale.ROOT);
    return failures.stream()
        .filter(t -> String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains(wanted))
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    "%s: rule %s failed, but no failure message contains \"%s\"%n%s",
                    label,
                    ruleId,
                    messageFragment,
                    summary()));
  }

  /**
   * Requires that the rule's test was skipped or aborted (an assumption failed) with a reason
   * that contains {@code reasonFragment}, rather than passing silently or failing.
   */
  void requireTestSkip(String ruleId, String reasonFragment) {
    requireTestsRan();
    List<String> reasons = requireSome(ruleId, "to be skipped or aborted",
        tests.stream().filter(e -> matches(e.getTestDescriptor(), ruleId)).map(KitRun::skipReason));
    String wanted = reasonFragment.toLowerCase(Locale.ROOT);
    assertThat(reasons)
        .as("%s: reasons for skipping rule %s%n%s", label, ruleId, summary())
        .anySatisfy(r -> assertThat(r.toLowerCase(Locale.ROOT)).contains(wanted));
  }

  /** What {@code found} holds; fails "expected rule {@code ruleId} {@code what}" if none. */
  private <T> List<T> requireSome(String ruleId, String what, Stream<Optional<T>> found) {
    List<T> present = found.flatMap(Optional::stream).toList();
    if (present.isEmpty()) {
      fail("%s: expected rule %s %s%n%s", label, ruleId, what, summary());
    }
    return present;
  }

  /** Requires that the rule's test ran and passed: the bug under test is not this rule's. */
  void requireTestPass(String ruleId) {
    List<Event> finished =
        tests.finished().stream().filter(e -> matches(e.getTestDescriptor(), ruleId)).toList();
    assertThat(finished)
        .as("%s: rule %s should have run and passed%n%s", label, ruleId, summary())
        .isNotEmpty()
        .allMatch(KitRun::succeeded);
  }

  /** Requires that no test failed (skips and aborts are allowed). */
  void requireNoFailure() {
    requireTestsRan();
    assertThat(tests.failed().count()).as("%s: failed tests%n%s", label, summary()).isZero();
  }

  /** Requires that some tests ran and every one of them passed: none failed, skipped or aborted. */
  void requireAllPass() {
    requireTestsRan();
    assertThat(tests.failed().count() + tests.aborted().count() + tests.skipped().count())
        .as("%s: every test should pass%n%s", label, summary())
        .isZero();
    assertThat(tests.succeeded().count())
        .as("%s: every started test should succeed", label)
        .isEqualTo(tests.started().count());
  }

  /**
   * Requires that the selection ran something: a selector naming a contract the kit no longer
   * has finds no test, and every later check would then fail for a misleading reason.
   */
  void requireTestsRan() {
    assertThat(tests.started().count())
        .as(
            "%s: the selection ran no test; does the kit still have the selected contract?%n%s",
            label,
            summary())
        .isPositive();
  }

  /** Whether the descriptor is the rule's test, by display name or by method name. */
  static boolean matches(TestDescriptor descriptor, String ruleId) {
    String display = descriptor.getDisplayName();
    if (display.equals(ruleId) || display.startsWith(ruleId + " ")) {
      return true;
    }
    String methodPrefix = "r" + ruleId.substring(1).replace('.', '_') + "_";
    return methodName(descriptor)
        .map(m -> m.toLowerCase(Locale.ROOT).startsWith(methodPrefix.toLowerCase(Locale.ROOT)))
        .orElse(false);
  }

  private List<Event> finished(String ruleId, TestExecutionResult.Status status) {
    return tests.finished().stream()
        .filter(e -> matches(e.getTestDescriptor(), ruleId))
        .filter(e -> result(e).map(r -> r.getStatus() == status).orElse(false))
        .toList();
  }

  private static Optional<String> skipReason(Event e) {
    if (e.getType() == EventType.SKIPPED) {
      return e.getPayload(String.class);
    }
    return result(e)
        .filter(r -> r.getStatus() == TestExecutionResult.Status.ABORTED)
        .flatMap(TestExecutionResult::getThrowable)
        .map(t -> String.valueOf(t.getMessage()));
  }

  private static boolean succeeded(Event e) {
    return result(e).map(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL).orElse(false);
  }

  private static Optional<TestExecutionResult> result(Event e) {
    return e.getPayload(TestExecutionResult.class);
  }

  private static Optional<Throwable> throwable(Event e) {
    return result(e).flatMap(TestExecutionResult::getThrowable);
  }

  private static Optional<String> methodName(TestDescriptor descriptor) {
    return descriptor
        .getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName());
  }

  /** What the run reported, one line per test that did not pass. */
  String summary() {
    String notPassed =
        tests.stream()
            .filter(
                e ->
                    e.getType() == EventType.SKIPPED
                        || result(e)
                            .map(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                            .orElse(false))
            .map(KitRun::describe)
            .collect(Collectors.joining(System.lineSeparator()));
    return String.format(
        "run %s: %d started, %d succeeded, %d failed, %d aborted, %d skipped%n%s",
        label,
        tests.started().count(),
        tests.succeeded().count(),
        tests.failed().count(),
        tests.aborted().count(),
        tests.skipped().count(),
        notPassed);
  }

  private static String describe(Event e) {
    TestDescriptor d = e.getTestDescriptor();
    String name = d.getDisplayName() + methodName(d).map(m -> " (" + m + ")").orElse("");
    if (e.getType() == EventType.SKIPPED) {
      return "  SKIPPED " + name + ": " + e.getPayload(String.class).orElse("");
    }
    TestExecutionResult r = result(e).orElseThrow();
    return "  "
        + r.getStatus()
        + " "
        + name
        + ": "
        + r.getThrowable()
            .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
            .orElse("");
  }
}
