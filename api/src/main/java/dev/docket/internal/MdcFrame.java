package dev.docket.internal;

import dev.docket.JobMdc;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The {@link JobMdc} keys of one job put into this thread's MDC, with the values they replaced,
 * so {@link #restore()} leaves the MDC as it found it (a job run inside another's log context, or
 * a handler run on the thread of the loop that processes it, keeps the outer values). It is the
 * processing scope itself when the MDC is the only interceptor: closing it restores.
 */
final class MdcFrame implements Interceptors.Scope {
  private final @Nullable String jobId;
  private final @Nullable String task;
  private final @Nullable String queue;
  private final @Nullable String attempt;

  private MdcFrame() {
    jobId = MDC.get(JobMdc.JOB_ID);
    task = MDC.get(JobMdc.TASK);
    queue = MDC.get(JobMdc.QUEUE);
    attempt = MDC.get(JobMdc.ATTEMPT);
  }

  /** Attempt numbers as text for the common first attempts, so a job's push builds no string. */
  private static final String[] ATTEMPTS = new String[16];

  static {
    for (int i = 0; i < ATTEMPTS.length; i++) {
      ATTEMPTS[i] = Integer.toString(i);
    }
  }

  /** Puts the job's keys, remembering what they replace. */
  static MdcFrame push(String jobId, String task, String queue, int attempt) {
    MdcFrame saved = new MdcFrame();
    MDC.put(JobMdc.JOB_ID, jobId);
    MDC.put(JobMdc.TASK, task);
    MDC.put(JobMdc.QUEUE, queue);
    MDC.put(JobMdc.ATTEMPT, text(attempt));
    return saved;
  }

  /** Whether this thread's MDC already holds exactly these values for the job's keys. */
  static boolean holds(String jobId, String task, String queue, int attempt) {
    return jobId.equals(MDC.get(JobMdc.JOB_ID)) && task.equals(MDC.get(JobMdc.TASK))
        && queue.equals(MDC.get(JobMdc.QUEUE)) && text(attempt).equals(MDC.get(JobMdc.ATTEMPT));
  }

  private static String text(int attempt) {
    return attempt >= 0 && attempt < ATTEMPTS.length ? ATTEMPTS[attempt] : Integer.toString(attempt);
  }

  /** Puts back the values the job's keys replaced, removing those that were absent. */
  void restore() {
    restore(JobMdc.JOB_ID, jobId);
    restore(JobMdc.TASK, task);
    restore(JobMdc.QUEUE, queue);
    restore(JobMdc.ATTEMPT, attempt);
  }

  @Override
  public void close() {
    restore();
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
