package dev.docket.broker.sqs.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SQS API requests by operation (each HTTP attempt, retries included), so the cost per job
 * of batching can be measured. Thread-safe.
 */
public final class RequestCounter implements ExecutionInterceptor {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(op == null ? "?" : op, k -> new LongAdder()).increment();
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
