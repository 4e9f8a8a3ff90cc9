package dev.docket.broker.sqs;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * A test-only {@link SqsClient} in front of the real one that injects faults the way SQS shows
 * them: a batch entry refused (in the response's {@code Failed} list, the rest of the batch
 * applied), or a receive held after SQS answered it, to race a caller's cancel. {@link #client()}
 * forwards every operation to the real client; the rules decide per entry of a send or delete
 * batch.
 */
final class FaultySqs {

  /** Decides per entry: null lets it through, else the refusal SQS answers for it. */
  interface Rule<E> extends BiFunction<String, E, BatchResultErrorEntry> {}

  private final SqsClient real;
  private final SqsClient client;
  volatile Rule<SendMessageBatchRequestEntry> sendRule = (url, e) -> null;
  volatile Rule<DeleteMessageBatchRequestEntry> deleteRule = (url, e) -> null;
  /** Runs after SQS answered a receive, before the broker sees the answer. */
  volatile BiConsumer<String, ReceiveMessageResponse> afterReceive = (url, r) -> {};
  /** Every send entry that reached SQS, with its queue URL. */
  final ConcurrentLinkedQueue<String> sentBodies = new ConcurrentLinkedQueue<>();

  FaultySqs(SqsClient real) {
    this.real = real;
    this.client = (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(),
        new Class<?>[] {SqsClient.class}, this::invoke);
  }

  /** The client to give the broker. */
  SqsClient client() {
    return client;
  }

  /** A refusal as SQS writes it. */
  static BatchResultErrorEntry refusal(String id, String code, boolean senderFault) {
    return BatchResultErrorEntry.builder().id(id).code(code).senderFault(senderFault)
        .message("injected by FaultySqs").build();
  }

  private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object arg = args != null && args.length == 1 ? args[0] : null;
    if (arg instanceof Consumer<?> && method.isDefault()) {
      // The SDK's builder overloads build the request and call the overload that takes it.
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    if (arg instanceof SendMessageBatchRequest r) {
      return sendMessageBatch(r);
    }
    if (arg instanceof DeleteMessageBatchRequest r) {
      return deleteMessageBatch(r);
    }
    if (arg instanceof ReceiveMessageRequest r) {
      ReceiveMessageResponse got = real.receiveMessage(r);
      afterReceive.accept(r.queueUrl(), got);
      return got;
    }
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest r) {
    return partlyRefused(r.queueUrl(), r.entries(), sendRule, passed -> {
      passed.forEach(e -> sentBodies.add(r.queueUrl() + " " + e.messageBody()));
      return real.sendMessageBatch(r.toBuilder().entries(passed).build());
    }, SendMessageBatchResponse.builder().successful(List.of()).build(),
        SendMessageBatchResponse::failed, (got, failed) -> got.toBuilder().failed(failed).build());
  }

  private DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest r) {
    return partlyRefused(r.queueUrl(), r.entries(), deleteRule,
        passed -> real.deleteMessageBatch(r.toBuilder().entries(passed).build()),
        DeleteMessageBatchResponse.builder().successful(List.of()).build(),
        DeleteMessageBatchResponse::failed,
        (got, failed) -> got.toBuilder().failed(failed).build());
  }

  /**
   * A batch as SQS answers it when {@code rule} refuses some entries: the rest go to SQS with
   * {@code send} (not called when none is left: {@code noneSent} answers), and the refusals join
   * the answer's {@code Failed} list after SQS's own.
   */
  private static <E, R> R partlyRefused(String url, List<E> entries, Rule<E> rule,
      Function<List<E>, R> send, R noneSent, Function<R, List<BatchResultErrorEntry>> failedOf,
      BiFunction<R, List<BatchResultErrorEntry>, R> withFailed) {
    List<E> passed = new ArrayList<>();
    List<BatchResultErrorEntry> refused = new ArrayList<>();
    for (E e : entries) {
      BatchResultErrorEntry refusal = rule.apply(url, e);
      if (refusal == null) {
        passed.add(e);
      } else {
        refused.add(refusal);
      }
    }
    R got = passed.isEmpty() ? noneSent : send.apply(passed);
    List<BatchResultErrorEntry> failed = new ArrayList<>(failedOf.apply(got));
    failed.addAll(refused);
    return withFailed.apply(got, failed);
  }
}
