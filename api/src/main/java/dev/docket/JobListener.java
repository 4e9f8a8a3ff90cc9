package dev.docket;

/**
 * Receives {@link JobEvent}s. Called synchronously on client and worker threads, so it must be
 * fast and thread-safe; an exception it throws is logged and ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface JobListener {
  /** One event. */
  void onEvent(JobEvent event);
}
