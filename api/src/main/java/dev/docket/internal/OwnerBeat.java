package dev.docket.internal;

import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker incarnation's heartbeat in a {@link StateStore}, for {@link SharedLiveIds}. Every
 * {@code heartbeat} it writes one key with {@code ownerTimeout} as its TTL, so "is owner X alive"
 * is one read and costs nothing per job. The references it holds (receipt handles of in-flight
 * messages) are written as one value when they changed. Owners that hold references list
 * themselves once a day in a day list, which a process with an orphan listener scans: an owner
 * on the list whose heartbeat is gone and whose references are still written is reaped by exactly
 * one live process (a short lock), which hands its references to the listener and deletes them.
 * Thread-safe.
 */
final class OwnerBeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerBeat.class);
  private static final byte[] ALIVE = "alive".getBytes(StandardCharsets.US_ASCII);
  /** How long the written references and the day lists are kept. */
  private static final Duration KEEP = Duration.ofDays(2);
  /** Written references are rewritten at least this often, even unchanged. */
  private static final Duration REWRITE = Duration.ofMinutes(1);
  /** A dead or cleanly closed owner is looked at again only after this. */
  private static final Duration SETTLED = Duration.ofMinutes(1);

  private final StateStore store;
  private final String keys;
  private final String owner;
  private final TimeSource time;
  private final Duration heartbeat;
  private final Duration ownerTimeout;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final AtomicLong heldVersion = new AtomicLong();
  private final Map<String, Instant> settled = new HashMap<>();
  private @Nullable ScheduledExecutorService beats;
  private volatile @Nullable Consumer<List<String>> orphans;
  private long writtenVersion;
  private boolean heldWritten;
  private Instant lastWrite = Instant.MIN;
  private @Nullable LocalDate listedOn;
  private boolean closed;

  OwnerBeat(StateStore store, String kind, String scope, String owner, TimeSource time,
      Duration heartbeat, Duration ownerTimeout) {
    this.store = store;
    this.keys = "docket:" + kind + "-owner:" + scope;
    this.owner = owner;
    this.time = time;
    this.heartbeat = heartbeat;
    this.ownerTimeout = ownerTimeout;
  }

  boolean enabled() {
    return !heartbeat.isZero();
  }

  private String beatKey(String o) {
    return keys + "beat:" + o;
  }

  private String heldKey(String o) {
    return keys + "held:" + o;
  }

  private String reapKey(String o) {
    return keys + "reap:" + o;
  }

  private String dayKey(LocalDate day) {
    return keys + "list:" + day;
  }

  /**
   * Makes sure this owner beats: the first call writes the heartbeat before it returns (so a
   * claim naming this owner is never seen without it) and starts the periodic beat.
   */
  synchronized void start() {
    if (beats != null || closed || !enabled()) {
      return;
    }
    store.put(beatKey(owner), ALIVE, ownerTimeout);
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "docket-owner-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long period = heartbeat.toNanos();
    var unused = s.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    beats = s;
  }

  /** Whether {@code o}'s heartbeat is gone (it died, or closed cleanly). */
  boolean dead(String o) {
    return enabled() && !o.equals(owner) && store.get(beatKey(o)).isEmpty();
  }

  /** Adds {@code refs} to the held set and writes it now. */
  void hold(java.util.Collection<String> refs) {
    if (held.addAll(refs)) {
      heldVersion.incrementAndGet();
      if (enabled()) {
        synchronized (this) {
          if (!closed) {
            writeHeld(false);
          }
        }
      }
    }
  }

  void release(String ref) {
    if (held.remove(ref)) {
      heldVersion.incrementAndGet();
    }
  }

  void onOrphans(Consumer<List<String>> listener) {
    orphans = listener;
  }

  private void tick() {
    try {
      beat();
      if (orphans != null) {
        reap();
      }
    } catch (RuntimeException e) {
      LOG.warn("owner heartbeat {}: {}", owner, e.toString());
    }
  }

  /** One beat: the heartbeat key, then the held references if they changed. */
  synchronized void beat() {
    if (closed) {
      return;
    }
    store.put(beatKey(owner), ALIVE, ownerTimeout);
    writeHeld(false);
  }

  private void writeHeld(boolean force) {
    long version = heldVersion.get();
    Instant now = time.instant();
    boolean stale = Duration.between(lastWrite, now).compareTo(REWRITE) > 0;
    if (!force && version == writtenVersion && !(heldWritten && stale)) {
      return;
    }
    List<String> refs = List.copyOf(held);
    if (refs.isEmpty()) {
      if (heldWritten) {
        store.delete(heldKey(owner));
        heldWritten = false;
      }
    } else {
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      if (!day.equals(listedOn)) {
        store.append(dayKey(day), owner.getBytes(StandardCharsets.UTF_8), KEEP);
        listedOn = day;
      }
      store.put(heldKey(owner), String.join("\n", refs).getBytes(StandardCharsets.UTF_8), KEEP);
      heldWritten = true;
    }
    writtenVersion = version;
    lastWrite = now;
  }

  /** Hands the references of owners that stopped beating to the listener, each once. */
  synchronized void reap() {
    Consumer<List<String>> listener = orphans;
    if (listener == null || closed || !enabled()) {
      return;
    }
    Instant now = time.instant();
    settled.values().removeIf(until -> !until.isAfter(now));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Set<String> owners = new LinkedHashSet<>();
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      for (byte[] o : store.list(dayKey(day))) {
        owners.add(new String(o, StandardCharsets.UTF_8));
      }
    }
    owners.remove(owner);
    owners.removeAll(settled.keySet());
    for (String o : owners) {
      if (store.get(beatKey(o)).isPresent()) {
        continue;
      }
      Optional<byte[]> refs = store.get(heldKey(o));
      if (refs.isEmpty()) {
        settled.put(o, now.plus(SETTLED));
        continue;
      }
      if (!store.putIfAbsent(reapKey(o), owner.getBytes(StandardCharsets.UTF_8), ownerTimeout)) {
        continue; // another live process reaps it
      }
      List<String> list = new String(refs.get(), StandardCharsets.UTF_8).lines().toList();
      LOG.info("owner {} stopped beating; handing back the {} messages it held", o, list.size());
      listener.accept(list);
      store.compareAndDelete(heldKey(o), refs.get());
      settled.put(o, now.plus(SETTLED));
    }
  }

  /**
   * Stops beating: writes what is still held, then deletes the heartbeat, so other processes
   * take over this owner's claims and references at once.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      if (closed) {
        return;
      }
      s = beats;
      if (s == null) {
        closed = true;
        return;
      }
    }
    s.shutdown();
    try {
      s.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      try {
        writeHeld(false);
        store.delete(beatKey(owner));
      } catch (RuntimeException e) {
        LOG.warn("could not end owner heartbeat {} ({}); its claims free themselves in {}",
            owner, e.toString(), ownerTimeout);
      }
      closed = true;
    }
  }
}
