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
  /** What this frame put, and on which thread: {@link #holdsHere} answers without MDC reads. */
  private final String putJobId;
  private final String putTask;
  private final String putQueue;
  private final int putAttempt;
  private final Thread thread;
  /** False for a frame on a thread that ends with the job: nothing to read or put back. */
  private final boolean restores;

  private MdcFrame(String putJobId, String putTask, String putQueue, int putAttempt,
      boolean restores) {
    this.restores = restores;
    jobId = restores ? MDC.get(JobMdc.JOB_ID) : null;
    task = restores ? MDC.get(JobMdc.TASK) : null;
    queue = restores ? MDC.get(JobMdc.QUEUE) : null;
    attempt = restores ? MDC.get(JobMdc.ATTEMPT) : null;
    this.putJobId = putJobId;
    this.putTask = putTask;
    this.putQueue = putQueue;
    this.putAttempt = putAttempt;
    this.thread = Thread.currentThread();
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
    return push(jobId, task, queue, attempt, true);
  }

  /**
   * Puts the job's keys; remembers what they replace when {@code restores}, else leaves them at
   * {@link #restore()}: for a thread that ends with the job (a worker's job thread), where what
   * they replaced, and putting it back, would matter to nothing. Half the MDC calls of a job
   * (four reads and four removes of a thread-local map on Logback, issue 13).
   */
  static MdcFrame push(String jobId, String task, String queue, int attempt, boolean restores) {
    MdcFrame saved = new MdcFrame(jobId, task, queue, attempt, restores);
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

  /**
   * Whether this frame, still open, put exactly these values on the calling thread: then the
   * handler's MDC interceptor has nothing to add, and knowing it costs no MDC read (four reads
   * of a thread-local map on Logback, issue 13). Between the push and the handler call only
   * Docket's code and the {@code Started} listeners run, which leave these keys alone.
   */
  boolean holdsHere(String jobId, String task, String queue, int attempt) {
    return thread == Thread.currentThread() && attempt == putAttempt && jobId.equals(putJobId)
        && task.equals(putTask) && queue.equals(putQueue);
  }

  private static String text(int attempt) {
    return attempt >= 0 && attempt < ATTEMPTS.length ? ATTEMPTS[attempt] : Integer.toString(attempt);
  }

  /**
   * Puts back the values the job's keys replaced, removing those that were absent; nothing for a
   * frame that does not restore.
   */
  void restore() {
    if (!restores) {
      return;
    }
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
