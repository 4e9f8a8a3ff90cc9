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

  /**
   * How many times a job was delivered on another broker before a migration moved it (decimal);
   * the runtime adds it to {@link Delivery#deliveryCount()} so attempt counts and retry limits
   * carry on where they were.
   *
   * @since 0.5
   */
  public static final String PRIOR_DELIVERIES = "docket-prior-deliveries";

  private Headers() {}

  /**
   * The {@link #PRIOR_DELIVERIES} of {@code headers}, or 0 when absent or not a non-negative
   * number.
   *
   * @since 0.5
   */
  public static int priorDeliveries(java.util.Map<String, String> headers) {
    String v = headers.get(PRIOR_DELIVERIES);
    if (v == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(v));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
