package dev.docket.broker.sqs.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The SQS queues behind each Docket queue, created on demand and cached: the dead-letter queue and
 * the delay queue when the queue is declared, a priority lane when the first message of its band
 * is published. Lanes created by other processes are found with ListQueues, at most every {@link
 * #LANE_REFRESH_NANOS}. Thread-safe.
 */
public final class Topology {

  /** How often a consumer looks for lanes other processes created: 10 s. */
  static final long LANE_REFRESH_NANOS = 10_000_000_000L;

  /** Messages and dead letters live as long as SQS allows: 14 days. */
  static final String RETENTION = "1209600";

  private final SqsClient sqs;
  private final SqsNames names;
  private final int bands;
  private final int maxReceiveCount;
  private final boolean fifo;
  private final ConcurrentMap<String, QueueUrls> queues = new ConcurrentHashMap<>();

  Topology(SqsClient sqs, SqsNames names, int bands, int maxReceiveCount) {
    this.sqs = sqs;
    this.names = names;
    this.bands = bands;
    this.maxReceiveCount = maxReceiveCount;
    this.fifo = names.fifo();
  }

  /** Whether lanes and dead-letter queue are FIFO queues. */
  public boolean fifo() {
    return fifo;
  }

  /**
   * Attributes of a lane or dead-letter queue: FIFO ones get FifoQueue (a FIFO queue's
   * dead-letter queue must be FIFO too) with explicit de-duplication ids, never content-based
   * (two jobs with equal bytes are distinct jobs).
   */
  private Map<QueueAttributeName, String> fifoAware(Map<QueueAttributeName, String> base) {
    if (!fifo) {
      return base;
    }
    Map<QueueAttributeName, String> out = new java.util.HashMap<>(base);
    out.put(QueueAttributeName.FIFO_QUEUE, "true");
    out.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
    return out;
  }

  /** The priority band of a message priority 0..9: higher band, higher priority. */
  public int band(int priority) {
    return priority * bands / 10;
  }

  /** Number of bands. */
  public int bands() {
    return bands;
  }

  /** The queue's SQS queues, declaring the dead-letter and delay queues if this is the first use. */
  public QueueUrls of(String queue) {
    return queues.computeIfAbsent(queue, this::declare);
  }

  /**
   * The queue's SQS queues if they exist, without creating any: the cached ones, else a lookup
   * of the dead-letter and delay queues (GetQueueUrl, never CreateQueue). {@code null} when
   * either is missing: the queue was never declared (or is being declared right now), so it
   * holds nothing yet. Stats use it, so that watching a queue never creates it.
   */
  public @Nullable QueueUrls existing(String queue) {
    QueueUrls known = queues.get(queue);
    if (known != null) {
      return known;
    }
    String base = names.base(queue);
    String dlq = find(names.deadLetters(base));
    String delay = dlq == null ? null : find(names.delay(base));
    if (dlq == null || delay == null) {
      return null;
    }
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
        .get(QueueAttributeName.QUEUE_ARN);
    if (dlqArn == null) {
      throw new IllegalStateException("SQS returned no ARN for queue " + dlq);
    }
    QueueUrls urls = new QueueUrls(queue, base, delay, dlq, dlqArn, bands);
    refreshLanes(urls);
    // They exist, exactly as declare would have found them: later calls reuse them.
    QueueUrls raced = queues.putIfAbsent(queue, urls);
    return raced == null ? urls : raced;
  }

  private @Nullable String find(String name) {
    try {
      return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      return null;
    }
  }

  private QueueUrls declare(String queue) {
    String base = names.base(queue);
    String dlq = create(names.deadLetters(base), fifoAware(Map.of(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, RETENTION)));
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq)
        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
        .get(QueueAttributeName.QUEUE_ARN);
    if (dlqArn == null) {
      throw new IllegalStateException("SQS returned no ARN for queue " + dlq);
    }
    // Standard in FIFO mode too: FIFO queues have no per-message delay, and the delay queue
    // needs one for every hop; a delayed job joins the end of its FIFO lane when due.
    String delay = create(names.delay(base), Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        RETENTION));
    QueueUrls urls = new QueueUrls(queue, base, delay, dlq, dlqArn, bands);
    refreshLanes(urls);
    return urls;
  }

  /** The lane of {@code band}, created if missing. */
  public String lane(QueueUrls q, int band) {
    String url = q.lane(band);
    if (url != null) {
      return url;
    }
    String redrive = "{\"deadLetterTargetArn\":\"" + q.dlqArn() + "\",\"maxReceiveCount\":\""
        + maxReceiveCount + "\"}";
    url = create(names.lane(q.base(), band), fifoAware(Map.of(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, RETENTION,
        QueueAttributeName.REDRIVE_POLICY, redrive)));
    q.putLane(band, url);
    return url;
  }

  /** Lanes that exist, highest band first; looks for new ones when the last look is stale. */
  public List<Lane> lanes(QueueUrls q) {
    // Real time on purpose: a rate limit on ListQueues calls to AWS, not a job time.
    if (System.nanoTime() - q.lanesCheckedAt() > LANE_REFRESH_NANOS) {
      refreshLanes(q);
    }
    return q.lanesHighFirst();
  }

  private void refreshLanes(QueueUrls q) {
    q.lanesChecked(System.nanoTime());
    List<String> urls = sqs.listQueues(b -> b.queueNamePrefix(q.base() + "-p")).queueUrls();
    for (String url : urls) {
      String name = url.substring(url.lastIndexOf('/') + 1);
      int band = names.bandOf(q.base(), name);
      if (band >= 0 && band < bands) {
        q.putLane(band, url);
      }
    }
  }

  private String create(String name, Map<QueueAttributeName, String> attributes) {
    try {
      return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    } catch (QueueNameExistsException e) {
      // Exists with other attributes (an older configuration): use it as it is.
      return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }
  }

  /**
   * One priority lane.
   *
   * @param band its band; higher is served first
   * @param url its queue URL
   */
  public record Lane(int band, String url) {}
}
