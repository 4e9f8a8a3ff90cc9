package dev.docket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** How every subject enqueues a run: items 0 to {@code jobs - 1}, {@code batch} to a call. */
final class Batches {

  /** Sends one batch. */
  @FunctionalInterface
  interface Sender<T> {
    /** Sends {@code batch}. */
    void send(List<T> batch) throws Exception;
  }

  private Batches() {}

  /**
   * Builds item {@code i} with {@code item} and sends each batch as soon as it is built, so a
   * time stamp taken in {@code item} includes the wait for its batch.
   */
  static <T> void send(int jobs, int batch, IntFunction<T> item, Sender<T> sender)
      throws Exception {
    for (int sent = 0; sent < jobs; sent += batch) {
      int n = Math.min(batch, jobs - sent);
      List<T> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(item.apply(sent + i));
      }
      sender.send(items);
    }
  }
}
