package dev.docket.internal;

import dev.docket.Docket;
import dev.docket.WorkerInfo;
import dev.docket.spi.StateStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live workers in a {@link StateStore}, read without a key scan: every worker appends its id
 * once a UTC day to a day list ({@link StoreKeys#workerDay}); a reader takes today's and
 * yesterday's lists, drops duplicates and reads each worker's heartbeat record ({@link
 * StoreKeys#workerBeat}). A missing record is a worker that closed or stopped beating. The record
 * is a stored format shared by workers of different versions: JSON with the fields below, written
 * by a private mapper (a client's own mapper settings must not change it); unknown fields are
 * ignored and an unreadable record is skipped, so a newer worker never breaks an older reader.
 */
public final class WorkerDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerDirectory.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WorkerDirectory() {}

  /** Every worker whose heartbeat record is in {@code store} now, sorted by id. */
  public static List<WorkerInfo> list(StateStore store, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Set<String> ids = new LinkedHashSet<>();
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      for (byte[] id : store.list(StoreKeys.workerDay(day))) {
        ids.add(new String(id, StandardCharsets.UTF_8));
      }
    }
    List<WorkerInfo> live = new ArrayList<>();
    for (String id : ids) {
      store.get(StoreKeys.workerBeat(id)).flatMap(b -> decode(id, b)).ifPresent(live::add);
    }
    live.sort(Comparator.comparing(WorkerInfo::workerId));
    return List.copyOf(live);
  }

  /** The stored form of {@code info}. */
  static byte[] encode(WorkerInfo info) {
    ObjectNode n = JSON.createObjectNode();
    n.put("workerId", info.workerId());
    n.put("host", info.host());
    n.put("pid", info.pid());
    ArrayNode queues = n.putArray("queues");
    info.queues().forEach(queues::add);
    n.put("concurrency", info.concurrency());
    n.put("busy", info.busy());
    n.put("started", info.started().toString());
    n.put("lastSeen", info.lastSeen().toString());
    n.put("version", info.version());
    return JSON.writeValueAsBytes(n);
  }

  /** {@code bytes} read back; empty (and logged) when they are not a heartbeat record. */
  static Optional<WorkerInfo> decode(String id, byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      List<String> queues = new ArrayList<>();
      n.path("queues").forEach(q -> queues.add(q.asString()));
      return Optional.of(new WorkerInfo(n.path("workerId").asString(id),
          n.path("host").asString(""), n.path("pid").asLong(-1), queues,
          n.path("concurrency").asInt(0), n.path("busy").asInt(0),
          Instant.parse(n.path("started").asString()),
          Instant.parse(n.path("lastSeen").asString()), n.path("version").asString("")));
    } catch (JacksonException | java.time.DateTimeException | IllegalArgumentException e) {
      LOG.warn("skipping the unreadable heartbeat record of worker {}: {}", id, e.toString());
      return Optional.empty();
    }
  }

  /** The host name of this process: {@code HOSTNAME}, else the local host's name. */
  static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The Docket version of this jar, from its manifest. */
  static String version() {
    String v = Docket.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
