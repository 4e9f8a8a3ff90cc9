package dev.docket;

import java.util.List;

/**
 * Configuration with one or more problems. The message lists every problem at once, so a user
 * fixes them in one go.
 *
 * @since 0.1
 */
public class InvalidConfigException extends DocketException {
  private final List<String> problems;

  /** With every problem found. */
  public InvalidConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** With one problem. */
  public InvalidConfigException(String problem) {
    this(List.of(problem));
  }

  /** Each problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid Docket configuration: " + problems.get(0);
    }
    StringBuilder sb = new StringBuilder("Invalid Docket configuration, ")
        .append(problems.size()).append(" problems:");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
