package dev.docket.internal;

import dev.docket.JobRequest;
import org.jspecify.annotations.Nullable;

/**
 * One job to enqueue, with the workflow link its envelope carries (null for a plain job). Keeping
 * the two together spares callers lists that must stay in step by index.
 */
public record LinkedRequest(JobRequest<?> request, @Nullable WorkflowLink link) {

  /** A plain job, in no workflow. */
  public static LinkedRequest plain(JobRequest<?> request) {
    return new LinkedRequest(request, null);
  }
}
