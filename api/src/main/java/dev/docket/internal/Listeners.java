package dev.docket.internal;

import dev.docket.JobEvent;
import dev.docket.JobListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to listeners; a throwing listener is logged and never breaks a job. */
public final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<JobListener> listeners;
  /**
   * The same listeners as an array: {@link #emit} runs several times per job, and iterating the
   * list allocated an iterator each time (the largest allocation of the observed path in the
   * overhead bench's profile, issue 13).
   */
  private final JobListener[] array;

  /** Over these listeners. */
  public Listeners(List<JobListener> listeners) {
    this.listeners = List.copyOf(listeners);
    this.array = this.listeners.toArray(JobListener[]::new);
  }

  /** Whether there is no listener: an event would go nowhere. */
  public boolean isEmpty() {
    return array.length == 0;
  }

  /** Delivers one event to each listener. */
  public void emit(JobEvent event) {
    for (JobListener l : array) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Job listener {} threw on {}; ignored", l, event.getClass().getSimpleName(), e);
      }
    }
  }

  /** These listeners followed by every one of {@code extra}. */
  public Listeners with(List<JobListener> extra) {
    Listeners out = this;
    for (JobListener l : extra) {
      out = out.with(l);
    }
    return out;
  }

  /** A copy with one more listener. */
  public Listeners with(JobListener extra) {
    List<JobListener> all = new java.util.ArrayList<>(listeners);
    all.add(extra);
    return new Listeners(all);
  }
}
