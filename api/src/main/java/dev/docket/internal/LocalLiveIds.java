package dev.docket.internal;

import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.TimeSource;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveIdRegistry#local}: the ids this process published and has not seen settled, and the
 * run claims of its own leases, each until it expires, at most {@link #MAX_ENTRIES} of each
 * (oldest forgotten first). Exact for jobs published and settled through this process; an id
 * settled by another process stays live here until it expires. Every claim found is this
 * process's own, so owners and heartbeats have nothing to do. Thread-safe (one lock).
 */
public final class LocalLiveIds implements LiveIdRegistry {

  /** At most this many live ids, and as many run claims, are kept. */
  static final int MAX_ENTRIES = 1_000_000;
  /** The fewest writes between two sweeps; see {@link #housekeep}. */
  private static final int SWEEP_EVERY = 4096;

  private record Run(String value, Instant expires) {}

  private record Returns(int count, Instant expires) {}

  private final TimeSource time;
  private final String owner = UUID.randomUUID().toString();
  // Insertion order is close to expiry order, so expired entries are evicted from the head.
  private final LinkedHashMap<String, Instant> live = new LinkedHashMap<>();
  private final LinkedHashMap<String, Run> runs = new LinkedHashMap<>();
  private final LinkedHashMap<String, Returns> returns = new LinkedHashMap<>();
  private int sinceSweep;
  private int sweepAfter = SWEEP_EVERY;
  private long swept;

  /** A registry reading "now" from {@code time}. */
  public LocalLiveIds(TimeSource time) {
    this.time = time;
  }

  private static String key(String queue, String id) {
    return queue + '\u0000' + id;
  }

  @Override
  public synchronized boolean add(String queue, String id, Instant until) {
    Instant now = time.instant();
    String k = key(queue, id);
    Instant current = live.get(k);
    if (current != null && current.isAfter(now)) {
      return false;
    }
    live.remove(k);
    live.put(k, until);
    housekeep(now, 1);
    return true;
  }

  @Override
  public synchronized boolean contains(String queue, String id) {
    Instant e = live.get(key(queue, id));
    return e != null && e.isAfter(time.instant());
  }

  @Override
  public synchronized void keep(String queue, String id, Instant until) {
    keepLive(key(queue, id), until);
    housekeep(time.instant(), 1);
  }

  /** Keeps key {@code k} live until {@code until} at least. Holds the lock. */
  private void keepLive(String k, Instant until) {
    live.merge(k, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public synchronized void remove(String queue, String id) {
    live.remove(key(queue, id));
  }

  @Override
  public synchronized void removeAll(String queue, Predicate<String> keep) {
    String head = queue + '\u0000';
    live.keySet().removeIf(k -> k.startsWith(head) && !keep.test(k.substring(head.length())));
  }

  @Override
  public synchronized Claim claim(String queue, String id, @Nullable String incarnation,
      String token, Instant until) {
    Instant now = time.instant();
    Claim c = claimRun(key(queue, id), incarnation, token, until, now);
    if (c == Claim.RUN) {
      housekeep(now, 1);
    }
    return c;
  }

  /**
   * One lock, one key and one "now" for both writes. Housekeeping counts them as the two writes
   * they are, so sweeps come exactly as often as after {@link #claim} and {@link #keep}.
   */
  @Override
  public synchronized Claim claimAndKeep(String queue, String id, @Nullable String incarnation,
      String token, Instant until, Instant keep) {
    Instant now = time.instant();
    String k = key(queue, id);
    Claim c = claimRun(k, incarnation, token, until, now);
    if (c == Claim.RUN) {
      keepLive(k, keep);
      housekeep(now, 2);
    }
    return c;
  }

  /** The claim's decision; on {@link Claim#RUN} the claim is written. Holds the lock. */
  private Claim claimRun(String k, @Nullable String incarnation, String token, Instant until,
      Instant now) {
    Run found = runs.get(k);
    if (found != null && found.expires().isAfter(now)) {
      Claim c = ClaimValues.judge(found.value(), incarnation);
      if (c != null) {
        return c;
      }
    }
    runs.remove(k);
    runs.put(k, new Run(ClaimValues.running(incarnation, token, owner), until));
    return Claim.RUN;
  }

  @Override
  public synchronized void renew(String queue, String id, @Nullable String incarnation,
      String token, Instant until) {
    String mine = ClaimValues.running(incarnation, token, owner);
    runs.computeIfPresent(key(queue, id), (k, e) -> e.value().equals(mine) ? new Run(mine, until)
        : e);
  }

  @Override
  public synchronized void unclaim(String queue, String id, @Nullable String incarnation,
      String token) {
    String mine = ClaimValues.running(incarnation, token, owner);
    runs.computeIfPresent(key(queue, id), (k, e) -> e.value().equals(mine) ? null : e);
  }

  @Override
  public synchronized void done(String queue, String id, @Nullable String incarnation,
      String token, Instant keep) {
    if (incarnation == null) {
      unclaim(queue, id, null, token);
      return;
    }
    String k = key(queue, id);
    runs.remove(k);
    runs.put(k, new Run(ClaimValues.completed(incarnation), keep));
    housekeep(time.instant(), 1);
  }

  @Override
  public synchronized int countReturn(String queue, String id, @Nullable String incarnation,
      int copy, Instant until) {
    Instant now = time.instant();
    String k = key(queue, id) + '\u0000' + incarnation + '\u0000' + copy;
    Returns found = returns.get(k);
    int n = found != null && found.expires().isAfter(now) ? found.count() + 1 : 1;
    returns.remove(k);
    returns.put(k, new Returns(n, until));
    housekeep(now, 1);
    return n;
  }

  @Override
  public void hold(java.util.Collection<String> refs) {
    // This process is the only owner: nobody else could take over what it holds.
  }

  @Override
  public void release(String ref) {
    // See hold.
  }

  @Override
  public void onOrphans(Consumer<List<String>> listener) {
    // No other owner is ever seen.
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public void close() {
    // Nothing held outside this object.
  }

  /**
   * Drops expired entries from the heads, and from everywhere once the writes since the last
   * sweep reach the entries that sweep left. Insertion order is only close to expiry order (a
   * kept id keeps its place; a lapsed claim sits behind later ones), so an expired entry can wait
   * behind a live head until a sweep. A sweep visits every entry, so sweeping every fixed number
   * of writes would cost each write a share that grows with the maps (at a dedup window's million
   * ids, a few hundred entries a write, all under the lock). Sweeping after as many writes as the
   * last sweep left entries costs about two entries a write however large the maps are (each
   * write adds at most one), and lets them grow to at most about twice what the last sweep left,
   * and never past {@link #MAX_ENTRIES} each. {@code writes} is how many writes the call made
   * (each may add an entry), so combined calls keep that bound.
   */
  private void housekeep(Instant now, int writes) {
    evictHead(live, e -> e, now);
    evictHead(runs, Run::expires, now);
    evictHead(returns, Returns::expires, now);
    sinceSweep += writes;
    if (sinceSweep >= sweepAfter) {
      sinceSweep = 0;
      swept += live.size() + runs.size() + returns.size();
      live.values().removeIf(e -> !e.isAfter(now));
      runs.values().removeIf(e -> !e.expires().isAfter(now));
      returns.values().removeIf(e -> !e.expires().isAfter(now));
      sweepAfter = Math.max(SWEEP_EVERY, live.size() + runs.size() + returns.size());
    }
  }

  /** Entries held, live ids, run claims and return counts together; for tests. */
  synchronized int size() {
    return live.size() + runs.size() + returns.size();
  }

  /** Entries visited by full sweeps so far; for tests of their cost. */
  synchronized long swept() {
    return swept;
  }

  private static <V> void evictHead(Map<String, V> map,
      java.util.function.Function<V, Instant> expiry, Instant now) {
    Iterator<Map.Entry<String, V>> it = map.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, V> e = it.next();
      if (map.size() > MAX_ENTRIES || !expiry.apply(e.getValue()).isAfter(now)) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
