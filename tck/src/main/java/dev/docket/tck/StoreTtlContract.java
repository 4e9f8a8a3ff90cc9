package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * S2: TTLs. A key lives until its TTL and is gone after it, put replaces a TTL, counters and
 * lists keep the TTL they were created with (fixed windows), and an expired key is absent to
 * every operation. Exact on a store that follows the TCK clock, bounded real time otherwise.
 *
 * @since 0.3
 */
public abstract class StoreTtlContract extends StateStoreContract {

  @Test
  @Tag("required")
  @DisplayName("S2.1 put with a TTL lives until it and is gone after it; put without one stays")
  void s2_01_putTtl() {
    Duration ttl = ttl();
    Written w = writing();
    store.put(key("short"), bytes("x"), ttl);
    store.put(key("forever"), bytes("y"), NO_TTL);
    if (clearlyInside(ttl, w)) {
      assertValue(key("short"), bytes("x"), "inside its TTL");
    }
    assertExpiresAfter(key("short"), ttl, w, "a put with TTL " + ttl);
    assertValue(key("forever"), bytes("y"), "a put without TTL, after the other expired");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.2 put replaces the TTL: a key written again without one no longer expires")
  void s2_02_putReplacesTtl() {
    Duration ttl = ttl();
    Written w = writing();
    store.put(key("k"), bytes("x"), ttl);
    store.put(key("k"), bytes("y"), NO_TTL);
    store.put(key("probe"), bytes("p"), ttl);
    assertExpiresAfter(key("probe"), ttl, w, "a probe written with the same TTL");
    assertValue(key("k"), bytes("y"), "rewritten without a TTL");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.3 putIfAbsent with a TTL succeeds again once the earlier value expired")
  void s2_03_putIfAbsentAfterExpiry() {
    Duration ttl = ttl();
    Written w = writing();
    assertThat(store.putIfAbsent(key("lock"), bytes("owner-1"), ttl)).isTrue();
    if (clearlyInside(ttl, w)) {
      assertThat(store.putIfAbsent(key("lock"), bytes("owner-2"), ttl))
          .as("inside the first owner's TTL").isFalse();
    }
    assertExpiresAfter(key("lock"), ttl, w, "the first owner's value");
    assertThat(store.putIfAbsent(key("lock"), bytes("owner-2"), ttl))
        .as("after the first owner's TTL").isTrue();
    assertValue(key("lock"), bytes("owner-2"), "the second owner holds it");
    assertThat(store.compareAndDelete(key("lock"), bytes("owner-1")))
        .as("the expired owner cannot delete the new owner's value").isFalse();
  }

  @Test
  @Tag("required")
  @DisplayName("S2.4 compareAndExpire by the holder restarts the TTL from now; by anyone else it"
      + " changes nothing")
  void s2_04_compareAndExpireExtends() {
    Duration ttl = ttl();
    store.put(key("held"), bytes("me"), ttl);
    Written first = writing();
    store.put(key("other"), bytes("me"), ttl);
    // Half way through, the holder extends "held" by a full TTL; a stranger tries "other".
    time.advanceTo(first.at().plus(ttl.dividedBy(2)));
    Written extended = writing();
    assertThat(store.compareAndExpire(key("held"), bytes("me"), ttl)).as("holder extends")
        .isTrue();
    assertThat(store.compareAndExpire(key("other"), bytes("stranger"), ttl.multipliedBy(10)))
        .as("a stranger's extend").isFalse();
    assertExpiresAfter(key("other"), ttl, first,
        "a key a stranger tried to extend");
    assertThat(store.get(key("held"))).as("the extended key outlives its first TTL").isPresent();
    assertExpiresAfter(key("held"), ttl, extended, "the extended key");
  }

  @Test
  @Tag("required")
  @DisplayName("S2.5 increment sets the TTL only when it creates the counter (a fixed window);"
      + " after expiry it counts from 0")
  void s2_05_incrementTtlIsFixed() {
    Duration ttl = ttl();
    String k = key("window");
    Written w = writing();
    assertThat(store.increment(k, 1, ttl)).isEqualTo(1);
    time.advanceTo(w.at().plus(ttl.dividedBy(2)));
    // A later increment with a longer TTL must not move the window's end.
    assertThat(store.increment(k, 1, ttl.multipliedBy(10))).isEqualTo(2);
    // Probing with a zero delta reads the counter; once it expired the probe starts a new window
    // at 0, which the next increment continues.
    assertExpiresAfter(() -> store.increment(k, 0, ttl) != 0, ttl, w, "the counter");
    assertThat(store.increment(k, 1, ttl)).as("first increment of a new window").isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("S2.6 append sets the TTL only when it creates the list; the list expires whole")
  void s2_06_appendTtl() {
    Duration ttl = ttl();
    String k = key("list");
    Written w = writing();
    store.append(k, bytes("a"), ttl);
    time.advanceTo(w.at().plus(ttl.dividedBy(2)));
    store.append(k, bytes("b"), ttl.multipliedBy(10));
    if (clearlyInside(ttl, w)) {
      assertThat(store.list(k)).containsExactly(bytes("a"), bytes("b"));
    }
    assertExpiresAfter(() -> !store.list(k).isEmpty(), ttl, w, "the list");
    assertThat(store.append(k, bytes("c"), NO_TTL)).as("a new list after expiry").isEqualTo(1);
  }

  @Test
  @Tag("required")
  @DisplayName("S2.7 an expired key is absent to every operation")
  void s2_07_expiredIsAbsentEverywhere() {
    Duration ttl = ttl();
    Written w = writing();
    store.put(key("gone"), bytes("t"), ttl);
    assertExpiresAfter(key("gone"), ttl, w, "the value");
    assertThat(store.compareAndDelete(key("gone"), bytes("t"))).as("compareAndDelete").isFalse();
    assertThat(store.compareAndExpire(key("gone"), bytes("t"), Duration.ofMinutes(5)))
        .as("compareAndExpire must not revive an expired key").isFalse();
    assertAbsent(key("gone"), "after the refused compareAndExpire");
  }
}
