package dev.docket.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The queue order of each fetch. Strict: always the configured order, so a later queue is served
 * only when the earlier ones are empty. Weighted: a fresh order per fetch, drawing queues without
 * replacement in proportion to their weights, so a low queue gets a share even under load.
 */
public final class QueueSelector {
  private final Map<String, Integer> weights;
  private final boolean weighted;
  private final RandomGenerator random;

  private QueueSelector(Map<String, Integer> weights, boolean weighted, RandomGenerator random) {
    this.weights = new LinkedHashMap<>(weights);
    this.weighted = weighted;
    this.random = random;
  }

  /** Always this order. */
  public static QueueSelector strict(List<String> queues) {
    Map<String, Integer> w = new LinkedHashMap<>();
    queues.forEach(q -> w.put(q, 1));
    return new QueueSelector(w, false, RandomGenerator.getDefault());
  }

  /** Weighted random order; weights must be positive. */
  public static QueueSelector weighted(Map<String, Integer> weights, RandomGenerator random) {
    weights.forEach((q, w) -> {
      if (w == null || w < 1) {
        throw new IllegalArgumentException("weight of queue '" + q + "' must be at least 1");
      }
    });
    return new QueueSelector(weights, true, random);
  }

  private int weight(String queue) {
    Integer w = weights.get(queue);
    return w == null ? 1 : w;
  }

  /** Every queue, in configured order. */
  public List<String> queues() {
    return List.copyOf(weights.keySet());
  }

  /** The order for the next fetch. */
  public List<String> nextOrder() {
    if (!weighted) {
      return queues();
    }
    List<String> left = new ArrayList<>(weights.keySet());
    List<String> order = new ArrayList<>(left.size());
    while (!left.isEmpty()) {
      int total = 0;
      for (String q : left) {
        total += weight(q);
      }
      int pick = random.nextInt(total);
      for (int i = 0; i < left.size(); i++) {
        pick -= weight(left.get(i));
        if (pick < 0) {
          order.add(left.remove(i));
          break;
        }
      }
    }
    return order;
  }
}
