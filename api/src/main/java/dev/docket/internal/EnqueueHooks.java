package dev.docket.internal;

import dev.docket.EnqueueInvocation;
import dev.docket.JobId;
import dev.docket.JobInterceptor;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enqueue side of the interceptor seam: asks each client interceptor for headers to add to a
 * job before it is encoded. The caller's headers win over added ones of the same name, and an
 * earlier interceptor's over a later one's, so no interceptor can overwrite what the caller set.
 */
public final class EnqueueHooks {
  private static final Logger LOG = LoggerFactory.getLogger(EnqueueHooks.class);

  private EnqueueHooks() {}

  /**
   * The interceptors of {@code interceptors} that may add headers: those whose class overrides
   * {@link JobInterceptor#onEnqueue}, in order (true when unknown). The default adds none, so
   * asking one that keeps it would only build an {@link EnqueueInvocation} per job for nothing
   * ({@code DocketMetrics} is such an interceptor, issue 13).
   */
  public static List<JobInterceptor> adding(List<JobInterceptor> interceptors) {
    return interceptors.stream().filter(EnqueueHooks::addsHeaders).toList();
  }

  private static boolean addsHeaders(JobInterceptor i) {
    try {
      return i.getClass().getMethod("onEnqueue", EnqueueInvocation.class).getDeclaringClass()
          != JobInterceptor.class;
    } catch (NoSuchMethodException | SecurityException e) {
      return true;
    }
  }

  /**
   * The headers of a job about to be published: {@code headers} itself (no copy) when there is
   * no interceptor or none adds any.
   */
  public static Map<String, String> headers(List<JobInterceptor> interceptors, JobId id,
      String task, String queue, Instant createdAt, @Nullable Instant eta,
      Map<String, String> headers) {
    if (interceptors.isEmpty()) {
      return headers;
    }
    EnqueueInvocation job = new EnqueueInvocation(id, task, queue, createdAt,
        eta != null ? eta : createdAt, headers);
    @Nullable Map<String, String> out = null;
    for (JobInterceptor i : interceptors) {
      Map<String, String> added;
      try {
        added = i.onEnqueue(job);
      } catch (RuntimeException e) {
        LOG.warn("Job interceptor {} threw on the enqueue of job {}; its headers are left out",
            i, id, e);
        continue;
      }
      if (added == null || added.isEmpty()) {
        continue;
      }
      if (out == null) {
        out = new HashMap<>(headers);
      }
      for (Map.Entry<String, String> h : added.entrySet()) {
        out.putIfAbsent(h.getKey(), h.getValue());
      }
    }
    return out == null ? headers : out;
  }
}
