package dev.docket.tck;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The end of a contract test: closes what the test opened, every step even when an earlier one
 * failed, then fails the test once, with the first problem as the cause and the rest suppressed.
 * One per test, on the test's thread.
 */
final class Teardown {

  /** One closing step. */
  @FunctionalInterface
  interface Step {
    /** Closes something. */
    void run() throws Exception;
  }

  private final List<Throwable> problems = new ArrayList<>();

  /** Runs {@code step}; a failure is kept for {@link #finish}. */
  void run(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      problems.add(e);
    }
  }

  /** Closes {@code resource} unless it is null (never opened). */
  void close(@Nullable AutoCloseable resource) {
    if (resource != null) {
      run(resource::close);
    }
  }

  /**
   * Closes {@code resources} in order, then lets {@code fixture} delete what a namespace cannot
   * isolate, even when a close threw an error.
   *
   * @param fixture the test's fixture; null when none could be resolved, so nothing was opened
   * @param ctx the test's context, handed to {@link TckFixture#cleanup}
   * @param resources what the test opened; null ones were never opened
   */
  void closeThenCleanUp(@Nullable TckFixture fixture, TckContext ctx,
      @Nullable AutoCloseable... resources) {
    try {
      for (AutoCloseable resource : resources) {
        close(resource);
      }
    } finally {
      if (fixture != null) {
        fixture.cleanup(ctx);
      }
    }
  }

  /**
   * Fails when a step failed.
   *
   * @param what what was being closed, e.g. {@code "closing after s1_01"}
   */
  void finish(String what) {
    if (!problems.isEmpty()) {
      AssertionError error = new AssertionError(what + " failed: " + problems.get(0),
          problems.get(0));
      problems.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
  }
}
