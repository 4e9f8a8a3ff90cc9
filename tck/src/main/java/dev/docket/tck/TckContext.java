package dev.docket.tck;

import dev.docket.testing.ManualClock;
import dev.docket.TaskType;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.TestInfo;

/**
 * What the TCK hands a broker fixture for one test: a namespace unique to the test, the {@link
 * ManualClock} a broker with a controllable clock must read, and the {@link TckTimeouts}.
 *
 * <p>A broker that can isolate tests by key prefix or virtual host should use {@link
 * #namespace()} for it; every queue the TCK uses comes from {@link #queue(String)} and starts
 * with the namespace, so two runs against one server never see each other's messages.
 *
 * <p>One context per test; not shared between threads of different tests.
 *
 * @since 0.1
 */
public final class TckContext {

  private static final AtomicLong COUNTER = new AtomicLong();

  /** Longest namespace: leaves room for a queue suffix within the 80-character queue limit. */
  static final int MAX_NAMESPACE = 48;

  private final String namespace;
  private final String testName;
  private final ManualClock clock;
  private final TckTimeouts timeouts;

  private TckContext(String namespace, String testName, ManualClock clock,
      TckTimeouts timeouts) {
    this.namespace = namespace;
    this.testName = testName;
    this.clock = clock;
    this.timeouts = timeouts;
  }

  /** A context for the running test, with timeouts from the environment. */
  public static TckContext forTest(TestInfo info) {
    Objects.requireNonNull(info, "info");
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    return create(method, info.getDisplayName(), TckTimeouts.fromEnvironment());
  }

  /**
   * A context whose namespace starts with {@code hint} (trimmed to a safe charset) and ends with
   * a process-wide counter plus random bits, so it is unique across runs and JVMs.
   */
  public static TckContext create(String hint, String testName, TckTimeouts timeouts) {
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(timeouts, "timeouts");
    String suffix = "-" + COUNTER.incrementAndGet() + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (clean.isEmpty()) {
      clean = "test";
    }
    int room = MAX_NAMESPACE - "tck-".length() - suffix.length();
    if (clean.length() > room) {
      clean = clean.substring(0, room);
    }
    String namespace = "tck-" + clean + suffix;
    return new TckContext(namespace, Objects.requireNonNullElse(testName, hint),
        new ManualClock(), timeouts);
  }

  /** A prefix unique to this test: lower-case letters, digits and {@code -}. */
  public String namespace() {
    return namespace;
  }

  /** The display name of the test, for messages. */
  public String testName() {
    return testName;
  }

  /**
   * A queue name unique to this test: the namespace, a dot, and {@code name}. Valid for {@link
   * TaskType#validateQueue}.
   */
  public String queue(String name) {
    return TaskType.validateQueue(namespace + "." + Objects.requireNonNull(name, "name"));
  }

  /**
   * The clock to give the broker. A broker that declares {@code controllableClock} must read
   * all time (delays, leases, stats ages) from it; the TCK then moves time by hand.
   */
  public ManualClock clock() {
    return clock;
  }

  /** The timeouts for real-time waits. */
  public TckTimeouts timeouts() {
    return timeouts;
  }

  @Override
  public String toString() {
    return "TckContext[" + namespace + ", " + testName + "]";
  }
}
