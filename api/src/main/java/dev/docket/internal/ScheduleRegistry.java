package dev.docket.internal;

import dev.docket.cron.Schedule;
import dev.docket.cron.ScheduleInfo;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the schedules of every process visible to every other, for {@code Docket.schedules()}.
 *
 * <p>A store has no key scan, so the names are found through day lists (as {@link OwnerBeat}
 * finds owners): a scheduler appends each schedule name to the list of the UTC day once per day,
 * and a reader takes today's and yesterday's lists. A list is bounded by the schedules run that
 * day (each process appends a name once a day; readers drop repeats) and expires on its own, so
 * a schedule no process runs any more drops out after two days, with nothing to clean up. What
 * a scheduler last saw of a schedule (expression, zone, task, queue, next tick) is one JSON value
 * per schedule, rewritten when it changes and at least hourly. The last fired tick is a separate
 * value that only moves forward, written by whichever scheduler enqueued the tick's job, so
 * schedulers that lost the tick's claim never overwrite it. Thread-safe.
 */
public final class ScheduleRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleRegistry.class);
  /** How long day lists, records and fired ticks are kept. */
  static final Duration KEEP = Duration.ofDays(2);
  /** A record is rewritten at least this often, even unchanged, so it never expires. */
  static final Duration REWRITE = Duration.ofHours(1);

  private final @Nullable StateStore store;
  private final TimeSource time;
  private final JsonMapper mapper;
  /** This process's view: the listing without a store. */
  private final Map<String, ScheduleInfo> local = new ConcurrentHashMap<>();
  private final Map<String, Written> written = new HashMap<>();

  private record Written(LocalDate listed, @Nullable Instant next, Instant at) {}

  /** A registry on {@code store} ({@code null}: this process only). */
  public ScheduleRegistry(@Nullable StateStore store, TimeSource time, JsonMapper mapper) {
    this.store = store;
    this.time = time;
    this.mapper = mapper;
  }

  /**
   * Records that a scheduler passed over {@code s} at {@code now}: its next tick after now. Never
   * throws: the listing must not stop a schedule from running.
   */
  public void seen(Schedule<?> s, Instant now) {
    Instant next = s.cron().nextAfter(now).orElse(null);
    ScheduleInfo previous = local.get(s.name());
    local.put(s.name(), info(s, next, previous == null ? null : previous.lastFire(), now));
    if (store == null) {
      return;
    }
    try {
      synchronized (written) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Written w = written.get(s.name());
        if (w == null || !day.equals(w.listed())) {
          store.append(StoreKeys.cronList(day), s.name().getBytes(StandardCharsets.UTF_8), KEEP);
        } else if (Objects.equals(w.next(), next)
            && Duration.between(w.at(), now).compareTo(REWRITE) < 0) {
          return;
        }
        store.put(StoreKeys.cronInfo(s.name()), encode(s, next, now), KEEP);
        written.put(s.name(), new Written(day, next, now));
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record schedule {} for listing ({})", s.name(), e.toString());
    }
  }

  /** Records that a job was enqueued for {@code tick} of {@code s}. Never throws. */
  public void fired(Schedule<?> s, Instant tick) {
    local.computeIfPresent(s.name(), (n, i) -> new ScheduleInfo(n, i.task(), i.queue(), i.cron(),
        i.zone(), i.nextFire(), tick, jobId(n, tick), i.seen()));
    if (store != null) {
      try {
        // Two calls rather than TickClaims.advance's compare-and-swap: this value is for people,
        // and a race could at worst show an older fire time until the next tick.
        String key = StoreKeys.cronFired(s.name());
        boolean newer = store.get(key).map(b -> Instant.parse(new String(b,
            StandardCharsets.UTF_8))).map(tick::isAfter).orElse(true);
        if (newer) {
          store.put(key, tick.toString().getBytes(StandardCharsets.UTF_8), KEEP);
        }
      } catch (RuntimeException e) {
        LOG.warn("could not record the fired tick of schedule {} ({})", s.name(), e.toString());
      }
    }
  }

  /** Every schedule, by name: from the store when there is one, else this process's. */
  public List<ScheduleInfo> list() {
    if (store == null) {
      return local.values().stream().sorted(Comparator.comparing(ScheduleInfo::name)).toList();
    }
    LocalDate today = LocalDate.ofInstant(time.instant(), ZoneOffset.UTC);
    Set<String> names = new LinkedHashSet<>();
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      store.list(StoreKeys.cronList(day))
          .forEach(b -> names.add(new String(b, StandardCharsets.UTF_8)));
    }
    List<ScheduleInfo> out = new ArrayList<>();
    for (String name : names) {
      Optional<byte[]> bytes = store.get(StoreKeys.cronInfo(name));
      if (bytes.isEmpty()) {
        continue; // no scheduler ran it for two days
      }
      try {
        Instant fired = store.get(StoreKeys.cronFired(name))
            .map(b -> Instant.parse(new String(b, StandardCharsets.UTF_8))).orElse(null);
        out.add(decode(name, bytes.get(), fired));
      } catch (RuntimeException e) {
        LOG.warn("schedule {} has an unreadable record in the store ({}); not listed", name,
            e.toString());
      }
    }
    out.sort(Comparator.comparing(ScheduleInfo::name));
    return out;
  }

  /**
   * The id of the job of {@code tick}, derived from the schedule and tick: the one formula
   * {@link CronRunner} enqueues under and the listing links to.
   */
  static String jobId(String schedule, Instant tick) {
    return DerivedIds.of("cron", schedule, tick.toString());
  }

  private static ScheduleInfo info(Schedule<?> s, @Nullable Instant next,
      @Nullable Instant fired, Instant now) {
    return new ScheduleInfo(s.name(), s.task().name(), queue(s), s.cron().expression(),
        s.cron().zone(), next, fired, fired == null ? null : jobId(s.name(), fired), now);
  }

  private static String queue(Schedule<?> s) {
    return s.queue() != null ? s.queue() : s.task().queue();
  }

  private byte[] encode(Schedule<?> s, @Nullable Instant next, Instant now) {
    ObjectNode n = mapper.createObjectNode();
    n.put("task", s.task().name());
    n.put("queue", queue(s));
    n.put("cron", s.cron().expression());
    n.put("zone", s.cron().zone().getId());
    n.put("next", next == null ? null : next.toString());
    n.put("seen", now.toString());
    return mapper.writeValueAsBytes(n);
  }

  private ScheduleInfo decode(String name, byte[] bytes, @Nullable Instant fired) {
    JsonNode n = mapper.readTree(bytes);
    JsonNode next = n.get("next");
    return new ScheduleInfo(name, n.get("task").asString(), n.get("queue").asString(),
        n.get("cron").asString(), ZoneId.of(n.get("zone").asString()),
        next == null || next.isNull() ? null : Instant.parse(next.asString()), fired,
        fired == null ? null : jobId(name, fired), Instant.parse(n.get("seen").asString()));
  }
}
