package dev.docket.broker.inmemory;

import dev.docket.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link StateStore}: the store of {@code memory://} deployments and of unit tests.
 * TTLs follow the clock it was given, so with a {@link dev.docket.testing.ManualClock} a test expires a
 * lock or an idempotency key by advancing time instead of sleeping. One lock guards all keys: the
 * operations are tiny and this keeps every one of them trivially atomic.
 *
 * @since 0.1
 */
public final class InMemoryStateStore implements StateStore {

  private final Clock clock;
  /** The fewest writes between two sweeps of expired keys. */
  private static final int SWEEP_EVERY = 1024;

  private final Map<String, Slot> slots = new HashMap<>();
  private boolean closed;
  private int sinceSweep;
  private int sweepAfter = SWEEP_EVERY;

  private InMemoryStateStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store whose TTLs follow {@code clock}. */
  public static InMemoryStateStore create(Clock clock) {
    return new InMemoryStateStore(clock);
  }

  /** A store on the system clock. */
  public static InMemoryStateStore create() {
    return create(Clock.systemUTC());
  }

  /** The clock TTLs follow. */
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    Slot s = live(key);
    if (s == null) {
      return Optional.empty();
    }
    return Optional.of(switch (s.value) {
      case byte[] bytes -> bytes.clone();
      case Long n -> Long.toString(n).getBytes(StandardCharsets.US_ASCII);
      default -> throw wrongType(key, "a list", "value");
    });
  }

  @Override
  public synchronized void put(String key, byte[] value, @Nullable Duration ttl) {
    insert(checkKey(key), new Slot(value.clone(), expiry(ttl)));
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] value, @Nullable Duration ttl) {
    if (live(key) != null) {
      return false;
    }
    insert(checkKey(key), new Slot(value.clone(), expiry(ttl)));
    return true;
  }

  @Override
  public synchronized boolean compareAndDelete(String key, byte[] expected) {
    Slot s = live(key);
    if (s != null && s.value instanceof byte[] bytes && Arrays.equals(bytes, expected)) {
      slots.remove(key);
      return true;
    }
    return false;
  }

  @Override
  public synchronized boolean compareAndExpire(String key, byte[] expected, Duration ttl) {
    Slot s = live(key);
    if (s != null && s.value instanceof byte[] bytes && Arrays.equals(bytes, expected)) {
      s.expiresAt = expiry(Objects.requireNonNull(ttl, "ttl"));
      return true;
    }
    return false;
  }

  @Override
  public synchronized long increment(String key, long delta, @Nullable Duration ttl) {
    Slot s = live(key);
    if (s == null) {
      insert(checkKey(key), new Slot(delta, expiry(ttl)));
      return delta;
    }
    long next = switch (s.value) {
      case Long n -> Math.addExact(n, delta);
      case byte[] bytes -> parseCounter(key, bytes) + delta;
      default -> throw wrongType(key, "a list", "counter");
    };
    s.value = next;
    return next;
  }

  @Override
  public synchronized long append(String key, byte[] value, @Nullable Duration ttl) {
    Slot s = live(key);
    if (s == null) {
      List<byte[]> list = new ArrayList<>();
      list.add(value.clone());
      insert(checkKey(key), new Slot(list, expiry(ttl)));
      return 1;
    }
    if (!(s.value instanceof List<?>)) {
      throw wrongType(key, "a value or counter", "list");
    }
    @SuppressWarnings("unchecked")
    List<byte[]> list = (List<byte[]>) s.value;
    list.add(value.clone());
    return list.size();
  }

  @Override
  public synchronized List<byte[]> list(String key) {
    Slot s = live(key);
    if (s == null) {
      return List.of();
    }
    if (!(s.value instanceof List<?> list)) {
      throw wrongType(key, "a value or counter", "list");
    }
    List<byte[]> copy = new ArrayList<>(list.size());
    for (Object o : list) {
      copy.add(((byte[]) o).clone());
    }
    return copy;
  }

  @Override
  public synchronized void delete(String key) {
    slots.remove(key);
  }

  /** Live keys (expired ones are not counted), for tests. */
  public synchronized int size() {
    slots.values().removeIf(s -> expired(s, clock.instant()));
    return slots.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    slots.clear();
  }

  /**
   * Stores a slot, and drops expired keys once the writes since the last sweep reach the keys it
   * left. A key nobody reads again (a finished cron tick, an idempotency key, a result never
   * fetched) would otherwise stay for the life of the process; sweeping after as many writes as
   * keys costs about one key visited per write, however many there are.
   */
  private void insert(String key, Slot slot) {
    slots.put(key, slot);
    if (++sinceSweep >= sweepAfter) {
      sinceSweep = 0;
      Instant now = clock.instant();
      slots.values().removeIf(s -> expired(s, now));
      sweepAfter = Math.max(SWEEP_EVERY, slots.size());
    }
  }

  /** Keys held, expired ones not yet swept included; for tests. */
  synchronized int held() {
    return slots.size();
  }

  private @Nullable Slot live(String key) {
    if (closed) {
      throw new IllegalStateException("the in-memory state store is closed");
    }
    Slot s = slots.get(key);
    if (s != null && expired(s, clock.instant())) {
      slots.remove(key);
      return null;
    }
    return s;
  }

  private static boolean expired(Slot s, Instant now) {
    return s.expiresAt != null && !now.isBefore(s.expiresAt);
  }

  private @Nullable Instant expiry(@Nullable Duration ttl) {
    if (ttl == null) {
      return null;
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a TTL must be positive, was " + ttl);
    }
    return clock.instant().plus(ttl);
  }

  private static String checkKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a state store key must not be empty");
    }
    return key;
  }

  private static long parseCounter(String key, byte[] bytes) {
    try {
      return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("key '" + key + "' holds a value that is not a counter", e);
    }
  }

  private static IllegalStateException wrongType(String key, String holds, String wanted) {
    return new IllegalStateException("key '" + key + "' holds " + holds + ", not a " + wanted);
  }

  /** One key's value (bytes, a Long counter or a list of bytes) and its expiry. */
  private static final class Slot {
    Object value;
    @Nullable Instant expiresAt;

    Slot(Object value, @Nullable Instant expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }
  }
}
