package dev.docket.broker.sqs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The SQS queue URLs of one Docket queue. Lanes fill in as they are created or discovered.
 * Thread-safe.
 */
public final class QueueUrls {
  private final String queue;
  private final String base;
  private final String delay;
  private final String dlq;
  private final String dlqArn;
  private final AtomicReferenceArray<@Nullable String> lanes;
  private volatile long lanesCheckedAt;

  QueueUrls(String queue, String base, String delay, String dlq, String dlqArn, int bands) {
    this.queue = queue;
    this.base = base;
    this.delay = delay;
    this.dlq = dlq;
    this.dlqArn = dlqArn;
    this.lanes = new AtomicReferenceArray<>(bands);
  }

  /** The Docket queue name. */
  public String queue() {
    return queue;
  }

  String base() {
    return base;
  }

  /** The delay queue URL. */
  public String delay() {
    return delay;
  }

  /** The dead-letter queue URL. */
  public String dlq() {
    return dlq;
  }

  String dlqArn() {
    return dlqArn;
  }

  @Nullable String lane(int band) {
    return lanes.get(band);
  }

  void putLane(int band, String url) {
    lanes.compareAndSet(band, null, url);
  }

  long lanesCheckedAt() {
    return lanesCheckedAt;
  }

  void lanesChecked(long nanos) {
    lanesCheckedAt = nanos;
  }

  List<Topology.Lane> lanesHighFirst() {
    List<Topology.Lane> out = new ArrayList<>();
    for (int b = lanes.length() - 1; b >= 0; b--) {
      String url = lanes.get(b);
      if (url != null) {
        out.add(new Topology.Lane(b, url));
      }
    }
    return out;
  }
}
