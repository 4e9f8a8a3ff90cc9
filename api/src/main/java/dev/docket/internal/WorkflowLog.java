package dev.docket.internal;

import dev.docket.spi.StateStore;
import dev.docket.workflow.EnqueuedWorkflow;
import dev.docket.workflow.RecentWorkflow;
import dev.docket.workflow.WorkflowStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The listing of recent workflows: a ring of {@link #SLOTS} values in the store. Each started
 * workflow takes the next number of one counter ({@code docket:wf-recent:seq}) and writes its id
 * and start time to slot {@code number % SLOTS}, overwriting the workflow started {@code SLOTS}
 * before; a slot expires with the workflow's own state ({@link WorkflowEngine#TTL}). So the
 * listing costs one increment and one put per workflow, is bounded in size whatever the rate, and
 * reading a page reads only that page's slots (newest first), never a whole list. A slot whose
 * number is not the one the reader expects (being written, or overwritten by a newer lap) is
 * skipped. Thread-safe.
 */
final class WorkflowLog {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowLog.class);
  /** How many of the latest workflows the listing can show. */
  static final int SLOTS = 1000;

  private final JsonMapper mapper;
  private final int slots;

  WorkflowLog(JsonMapper mapper, int slots) {
    this.mapper = mapper;
    this.slots = slots;
  }

  /** Lists {@code w}, started at {@code started}. Never throws: the workflow already runs. */
  void record(StateStore store, EnqueuedWorkflow w, Instant started, Duration ttl) {
    try {
      long seq = store.increment(StoreKeys.workflowRecentSeq(), 1, null);
      ObjectNode n = mapper.createObjectNode();
      n.put("seq", seq);
      n.put("id", w.id());
      n.put("started", started.toString());
      store.put(StoreKeys.workflowRecent(seq % slots), mapper.writeValueAsBytes(n), ttl);
    } catch (RuntimeException e) {
      LOG.warn("workflow {} runs but could not be listed ({})", w.id(), e.toString());
    }
  }

  /**
   * Up to {@code limit} workflows, newest first, skipping the {@code offset} newest; those whose
   * state expired are left out.
   */
  List<RecentWorkflow> recent(StateStore store, int offset, int limit,
      Function<String, Optional<WorkflowStatus>> status) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative, were " + offset
          + " and " + limit);
    }
    long newest = store.get(StoreKeys.workflowRecentSeq())
        .map(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII).trim())).orElse(0L);
    List<RecentWorkflow> out = new ArrayList<>();
    long oldest = Math.max(1, newest - slots + 1);
    for (long seq = newest - offset; seq >= oldest && out.size() < limit; seq--) {
      Optional<byte[]> bytes = store.get(StoreKeys.workflowRecent(seq % slots));
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        JsonNode n = mapper.readTree(bytes.get());
        if (n.get("seq").longValue() != seq) {
          continue;
        }
        Instant started = Instant.parse(n.get("started").asString());
        status.apply(n.get("id").asString())
            .ifPresent(s -> out.add(new RecentWorkflow(s, started)));
      } catch (RuntimeException e) {
        LOG.warn("recent workflow slot {} is unreadable ({}); skipped", seq % slots, e.toString());
      }
    }
    return out;
  }
}
