package dev.docket.broker.sqs.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The SQS requests the broker makes, in batch form, with SDK exceptions translated at the
 * boundary: a network or throttling problem becomes {@link BrokerUnavailableException}, anything
 * else {@link DocketException}; both keep the cause and never carry credentials.
 */
final class SqsCalls {

  /** SQS's longest visibility timeout: 12 hours. */
  static final int MAX_VISIBILITY_SECONDS = 43_200;

  /** The message attribute name that asks SQS for every attribute. */
  static final String ALL_ATTRIBUTES = "All";

  private final SqsClient sqs;

  SqsCalls(SqsClient sqs) {
    this.sqs = sqs;
  }

  SqsClient client() {
    return sqs;
  }

  /**
   * One message to send.
   *
   * @param body the SQS body
   * @param attributes its attributes
   * @param delaySeconds 0 to 900 (only 0 for FIFO queues, which take no per-message delay)
   * @param size its size as SQS counts it
   * @param groupId the MessageGroupId, only for a FIFO queue
   * @param dedupId the MessageDeduplicationId, only for a FIFO queue
   */
  record Outgoing(String body, Map<String, MessageAttributeValue> attributes, int delaySeconds,
      long size, @Nullable String groupId, @Nullable String dedupId) {

    Outgoing(String body, Map<String, MessageAttributeValue> attributes, int delaySeconds,
        long size) {
      this(body, attributes, delaySeconds, size, null, null);
    }

    /** This message for a FIFO queue: no delay, with its group and de-duplication id. */
    Outgoing fifo(String group, String dedup) {
      return new Outgoing(body, attributes, 0, size, group, dedup);
    }
  }

  /** A visibility change. */
  record Visibility(String receiptHandle, int seconds) {}

  /** Runs {@code call}, translating SDK exceptions; {@code what} says what was attempted. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  /** The exception to throw for a failed asynchronous step. */
  static RuntimeException unwrap(String what, @Nullable Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new DocketException(what + " failed: " + cause, cause == null
        ? new IllegalStateException("no cause") : cause);
  }

  static RuntimeException translate(String what, SdkException e) {
    if (e instanceof SdkClientException || e.retryable()
        || (e instanceof AwsServiceException a && (a.statusCode() >= 500 || a.isThrottlingException()))) {
      return new BrokerUnavailableException("SQS is unavailable: " + what + " failed: "
          + e.getMessage(), e);
    }
    return new DocketException("SQS refused to " + what + ": " + e.getMessage(), e);
  }

  /**
   * Sends up to ten messages; returns per message what SQS answered. Throws (translated) only
   * when the request as a whole failed.
   */
  List<EntryResult> send(String url, List<Outgoing> batch) {
    // DelaySeconds only when positive: FIFO queues refuse a per-message delay.
    List<SendMessageBatchRequestEntry> entries = entries(batch, (id, o) ->
        SendMessageBatchRequestEntry.builder().id(id)
            .messageBody(o.body()).messageAttributes(o.attributes())
            .delaySeconds(o.delaySeconds() > 0 ? o.delaySeconds() : null)
            .messageGroupId(o.groupId()).messageDeduplicationId(o.dedupId())
            .build());
    SendMessageBatchResponse r = call("send messages to " + name(url),
        () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)));
    return results(batch.size(), r.successful().stream().map(s -> s.id()).toList(), r.failed());
  }

  /** Deletes up to ten messages; false for a receipt handle SQS refused (stale or deleted). */
  List<Boolean> delete(String url, List<String> receipts) {
    return deleteResults(url, receipts).stream().map(EntryResult::ok).toList();
  }

  /** Deletes up to ten messages; what SQS answered for each. */
  List<EntryResult> deleteResults(String url, List<String> receipts) {
    List<DeleteMessageBatchRequestEntry> entries = entries(receipts, (id, receipt) ->
        DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(receipt).build());
    DeleteMessageBatchResponse r = call("delete messages from " + name(url),
        () -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)));
    return results(receipts.size(), r.successful().stream().map(s -> s.id()).toList(),
        r.failed());
  }

  /** Changes the visibility of up to ten messages; false for a refused receipt handle. */
  List<Boolean> changeVisibility(String url, List<Visibility> changes) {
    return changeVisibilityResults(url, changes).stream().map(EntryResult::ok).toList();
  }

  /** Changes the visibility of up to ten messages; what SQS answered for each. */
  List<EntryResult> changeVisibilityResults(String url, List<Visibility> changes) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = entries(changes, (id, change) ->
        ChangeMessageVisibilityBatchRequestEntry.builder().id(id)
            .receiptHandle(change.receiptHandle()).visibilityTimeout(change.seconds()).build());
    ChangeMessageVisibilityBatchResponse r = call("change message visibility in " + name(url),
        () -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)));
    return results(changes.size(), r.successful().stream().map(s -> s.id()).toList(),
        r.failed());
  }

  /** One request entry per item, whose id is the item's index: what {@link #results} reads. */
  private static <T, E> List<E> entries(List<T> items, BiFunction<String, T, E> entry) {
    List<E> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(entry.apply(Integer.toString(i), items.get(i)));
    }
    return out;
  }

  /**
   * One result per entry, in order. An entry SQS named in neither list counts as a transient
   * failure: it may not have been applied, and repeating it is safe for every batch action here.
   */
  private static List<EntryResult> results(int size, List<String> successfulIds,
      List<BatchResultErrorEntry> failed) {
    List<EntryResult> out = new ArrayList<>(java.util.Collections.nCopies(size,
        new EntryResult("Missing", "SQS did not answer for this entry", false, true)));
    successfulIds.forEach(id -> out.set(Integer.parseInt(id), EntryResult.OK));
    failed.forEach(f -> out.set(Integer.parseInt(f.id()), EntryResult.of(f)));
    return out;
  }

  /** Makes messages visible again at once, in batches; failures are ignored (they reappear). */
  void restore(String url, List<Message> messages) {
    List<Visibility> all = messages.stream().map(m -> new Visibility(m.receiptHandle(), 0))
        .toList();
    Parallel.batches(all, batch -> changeVisibility(url, batch));
  }

  /** Deletes messages in batches, a few at once; returns how many SQS deleted. */
  int deleteAll(String url, List<Message> messages) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    List<String> receipts = messages.stream().map(Message::receiptHandle).toList();
    Parallel.batches(receipts,
        batch -> n.addAndGet((int) delete(url, batch).stream().filter(b -> b).count()));
    return n.get();
  }

  /**
   * Receives up to ten messages with what decoding them reads: the {@value Codec#META} attribute
   * only. The other attributes ({@value Codec#TASK}, or a foreign producer's) would cost SQS an
   * MD5 of each per message, and the SDK the same again to check it, for nothing: every reader
   * of these receives decodes {@code META} alone, and every re-send rebuilds its attributes from
   * the decoded {@link Meta}.
   */
  List<Message> receive(String url, int max, int waitSeconds, int visibilitySeconds) {
    return receive(url, max, waitSeconds, visibilitySeconds, Codec.META,
        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
        MessageSystemAttributeName.SENT_TIMESTAMP);
  }

  /**
   * Like {@link #receive}, with every message attribute and SQS's first-receive time: what the
   * delay pump reads. It re-sends the attributes it received as they are, so it needs them all.
   */
  List<Message> receiveTimed(String url, int max, int waitSeconds, int visibilitySeconds) {
    return receive(url, max, waitSeconds, visibilitySeconds, ALL_ATTRIBUTES,
        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
        MessageSystemAttributeName.SENT_TIMESTAMP,
        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP);
  }

  private List<Message> receive(String url, int max, int waitSeconds, int visibilitySeconds,
      String attributes, MessageSystemAttributeName... system) {
    return call("receive messages from " + name(url), () -> sqs.receiveMessage(b -> b
        .queueUrl(url).maxNumberOfMessages(Math.min(max, Batcher.MAX_BATCH))
        .waitTimeSeconds(waitSeconds).visibilityTimeout(visibilitySeconds)
        .messageAttributeNames(attributes)
        .messageSystemAttributeNames(system)).messages());
  }

  /** Approximate counts of a queue: visible, not visible, delayed. */
  long[] counts(String url) {
    Map<String, String> a = new HashMap<>(call("read the attributes of " + name(url),
        () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed"))).attributesAsStrings());
    return new long[] {
        Long.parseLong(a.getOrDefault("ApproximateNumberOfMessages", "0")),
        Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")),
        Long.parseLong(a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"))};
  }

  /** The queue name at the end of a queue URL, for messages. */
  static String name(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** Whole seconds, rounded up, so a delay or lease is never shorter than asked. */
  static int ceilSeconds(java.time.Duration d) {
    long ms = Math.max(0, d.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, (ms + 999) / 1000);
  }
}
