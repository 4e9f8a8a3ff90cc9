package dev.docket.broker.sqs.internal;

import dev.docket.broker.sqs.ReceiveTally;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Counts SQS API requests by operation (each HTTP attempt, retries included), and what receives
 * brought, so the cost per job of batching can be measured. Thread-safe.
 */
public final class RequestCounter implements ExecutionInterceptor {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder fruitfulReceives = new LongAdder();
  private final LongAdder receivedMessages = new LongAdder();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(op == null ? "?" : op, k -> new LongAdder()).increment();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.response() instanceof ReceiveMessageResponse r && !r.messages().isEmpty()) {
      fruitfulReceives.increment();
      receivedMessages.add(r.messages().size());
    }
  }

  /**
   * Receives that brought at least one message, and the messages they brought: their ratio is
   * what batching achieves, apart from the empty long polls an idle worker makes.
   */
  public ReceiveTally receives() {
    return new ReceiveTally(fruitfulReceives.sum(), receivedMessages.sum());
  }

  /** Requests so far, by operation name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** All requests so far. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
