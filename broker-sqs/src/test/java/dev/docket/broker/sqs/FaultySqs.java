package dev.docket.broker.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * A test-only {@link SqsClient} in front of the real one that injects faults the way SQS shows
 * them: a batch entry refused (in the response's {@code Failed} list, the rest of the batch
 * applied), or a receive held after SQS answered it, to race a caller's cancel. Every operation
 * the broker uses is forwarded; the rules decide per entry.
 */
final class FaultySqs implements SqsClient {

  /** Decides per entry: null lets it through, else the refusal SQS answers for it. */
  interface Rule<E> extends BiFunction<String, E, BatchResultErrorEntry> {}

  private final SqsClient real;
  volatile Rule<SendMessageBatchRequestEntry> sendRule = (url, e) -> null;
  volatile Rule<DeleteMessageBatchRequestEntry> deleteRule = (url, e) -> null;
  /** Runs after SQS answered a receive, before the broker sees the answer. */
  volatile BiConsumer<String, ReceiveMessageResponse> afterReceive = (url, r) -> {};
  /** Every send entry that reached SQS, with its queue URL. */
  final ConcurrentLinkedQueue<String> sentBodies = new ConcurrentLinkedQueue<>();

  FaultySqs(SqsClient real) {
    this.real = real;
  }

  /** A refusal as SQS writes it. */
  static BatchResultErrorEntry refusal(String id, String code, boolean senderFault) {
    return BatchResultErrorEntry.builder().id(id).code(code).senderFault(senderFault)
        .message("injected by FaultySqs").build();
  }

  @Override
  public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest r) {
    List<SendMessageBatchRequestEntry> pass = new ArrayList<>();
    List<BatchResultErrorEntry> failed = new ArrayList<>();
    for (SendMessageBatchRequestEntry e : r.entries()) {
      BatchResultErrorEntry refusal = sendRule.apply(r.queueUrl(), e);
      if (refusal == null) {
        pass.add(e);
        sentBodies.add(r.queueUrl() + " " + e.messageBody());
      } else {
        failed.add(refusal);
      }
    }
    if (pass.isEmpty()) {
      return SendMessageBatchResponse.builder().failed(failed).successful(List.of()).build();
    }
    SendMessageBatchResponse got = real.sendMessageBatch(r.toBuilder().entries(pass).build());
    List<BatchResultErrorEntry> all = new ArrayList<>(got.failed());
    all.addAll(failed);
    return got.toBuilder().failed(all).build();
  }

  @Override
  public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest r) {
    List<DeleteMessageBatchRequestEntry> pass = new ArrayList<>();
    List<BatchResultErrorEntry> failed = new ArrayList<>();
    for (DeleteMessageBatchRequestEntry e : r.entries()) {
      BatchResultErrorEntry refusal = deleteRule.apply(r.queueUrl(), e);
      if (refusal == null) {
        pass.add(e);
      } else {
        failed.add(refusal);
      }
    }
    if (pass.isEmpty()) {
      return DeleteMessageBatchResponse.builder().failed(failed).successful(List.of()).build();
    }
    DeleteMessageBatchResponse got = real.deleteMessageBatch(r.toBuilder().entries(pass).build());
    List<BatchResultErrorEntry> all = new ArrayList<>(got.failed());
    all.addAll(failed);
    return got.toBuilder().failed(all).build();
  }

  @Override
  public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest r) {
    ReceiveMessageResponse got = real.receiveMessage(r);
    afterReceive.accept(r.queueUrl(), got);
    return got;
  }

  @Override
  public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
      ChangeMessageVisibilityBatchRequest r) {
    return real.changeMessageVisibilityBatch(r);
  }

  @Override
  public CreateQueueResponse createQueue(CreateQueueRequest r) {
    return real.createQueue(r);
  }

  @Override
  public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest r) {
    return real.getQueueUrl(r);
  }

  @Override
  public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest r) {
    return real.getQueueAttributes(r);
  }

  @Override
  public ListQueuesResponse listQueues(ListQueuesRequest r) {
    return real.listQueues(r);
  }

  @Override
  public PurgeQueueResponse purgeQueue(PurgeQueueRequest r) {
    return real.purgeQueue(r);
  }

  @Override
  public SqsServiceClientConfiguration serviceClientConfiguration() {
    return real.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {
    real.close();
  }
}
