package dev.docket.spi;

/**
 * Names of the broker headers Docket writes beside every body, so tools can list and filter
 * without decoding bodies.
 *
 * @since 0.1
 */
public final class Headers {
  /** The task name. */
  public static final String TASK = "docket-task";

  /** The job id. */
  public static final String JOB_ID = "docket-id";

  /** The envelope format version. */
  public static final String FORMAT = "docket-format";

  private Headers() {}
}
