package dev.docket.broker.redis.internal;

import dev.docket.spi.Delivery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends a worker's whole batch of leases: one {@code extend.lua} call per queue (and per
 * {@value #BATCH} leases), every call sent in one pipeline and routed by its queue's hash tag, so
 * it works on a Cluster too. With a thousand jobs in flight that is one round trip, not a
 * thousand, and leases do not lapse while the keeper walks the list.
 */
public final class LeaseExtender {

  /** Leases per script. */
  public static final int BATCH = 500;

  private LeaseExtender() {}

  /** Answers, in order, whether each delivery's lease was moved to now + {@code leaseMs}. */
  public static List<Boolean> extend(QueueOps ops, List<Delivery> deliveries, long leaseMs) {
    byte[] ms = QueueOps.ascii(leaseMs);
    Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
    for (int i = 0; i < deliveries.size(); i++) {
      byQueue.computeIfAbsent(deliveries.get(i).queue(), q -> new ArrayList<>()).add(i);
    }
    List<String> queues = new ArrayList<>();
    List<byte[][]> args = new ArrayList<>();
    List<List<Integer>> slots = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byQueue.entrySet()) {
      List<Integer> all = e.getValue();
      for (int from = 0; from < all.size(); from += BATCH) {
        List<Integer> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
        byte[][] a = new byte[1 + 2 * chunk.size()][];
        a[0] = ms;
        for (int k = 0; k < chunk.size(); k++) {
          Delivery d = deliveries.get(chunk.get(k));
          a[1 + 2 * k] = QueueOps.utf8(d.id());
          a[2 + 2 * k] = QueueOps.utf8(d.leaseToken());
        }
        queues.add(e.getKey());
        args.add(a);
        slots.add(chunk);
      }
    }
    List<List<Object>> answers = ops.runListAll(QueueOps.EXTEND, queues, args);
    Boolean[] out = new Boolean[deliveries.size()];
    for (int c = 0; c < slots.size(); c++) {
      for (int k = 0; k < slots.get(c).size(); k++) {
        out[slots.get(c).get(k)] = ((Long) answers.get(c).get(k)) == 1L;
      }
    }
    return Arrays.asList(out);
  }
}
