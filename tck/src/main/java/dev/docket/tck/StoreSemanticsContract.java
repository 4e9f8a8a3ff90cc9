package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * S1: what each {@link dev.docket.spi.StateStore} method does, key by key: absent keys, values,
 * binary safety, copies, set-if-absent, compare-and-delete and -expire, counters, lists, deletes
 * and exact keys. See {@link StateStoreContract} for how a module runs it.
 *
 * @since 0.3
 */
public abstract class StoreSemanticsContract extends StateStoreContract {

  /** This test's key {@code name}, holding {@code value} with no TTL. */
  private String holding(String name, String value) {
    String k = key(name);
    store.put(k, bytes(value), NO_TTL);
    return k;
  }

  @Test
  @Tag("required")
  @DisplayName("S1.1 a key never written is absent to get and list")
  void s1_01_absentKey() {
    assertAbsent(key("never"), "nothing was written");
    assertThat(store.list(key("never"))).as("list of a key never written").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.2 put stores a value that get returns; a second put replaces it")
  void s1_02_putGetOverwrite() {
    String k = key("v");
    store.put(k, bytes("one"), NO_TTL);
    assertValue(k, bytes("one"), "after put");
    store.put(k, bytes("two"), NO_TTL);
    assertValue(k, bytes("two"), "after a second put");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.3 values are binary-safe: every byte value, an empty value and 1 MiB survive")
  void s1_03_binarySafe() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    store.put(key("every"), every, NO_TTL);
    store.put(key("empty"), new byte[0], NO_TTL);
    store.put(key("big"), big, NO_TTL);
    assertValue(key("every"), every, "all 256 byte values twice, including 0x00 and 0xff");
    assertValue(key("empty"), new byte[0], "an empty value is present, not absent");
    assertValue(key("big"), big, "a 1 MiB value");
    assertThat(store.putIfAbsent(key("pia"), every, NO_TTL)).isTrue();
    assertThat(store.compareAndDelete(key("pia"), every.clone()))
        .as("compareAndDelete compares bytes, not identity").isTrue();
    store.append(key("list"), every, NO_TTL);
    store.append(key("list"), new byte[0], NO_TTL);
    assertThat(store.list(key("list"))).as("binary list elements")
        .containsExactly(every, new byte[0]);
  }

  @Test
  @Tag("required")
  @DisplayName("S1.4 the store keeps its own copy: changing an array after put or after get"
      + " changes nothing stored")
  void s1_04_valuesAreCopied() {
    String k = key("copy");
    byte[] value = bytes("original");
    store.put(k, value, NO_TTL);
    value[0] = 'X';
    assertValue(k, bytes("original"), "the caller changed its array after put");
    byte[] got = store.get(k).orElseThrow();
    got[0] = 'Y';
    assertValue(k, bytes("original"), "the caller changed the array get returned");
    byte[] element = bytes("element");
    store.append(key("list"), element, NO_TTL);
    element[0] = 'Z';
    assertThat(store.list(key("list"))).containsExactly(bytes("element"));
  }

  @Test
  @Tag("required")
  @DisplayName("S1.5 putIfAbsent sets only an absent key; the first value stands")
  void s1_05_putIfAbsent() {
    String k = key("once");
    assertThat(store.putIfAbsent(k, bytes("first"), NO_TTL)).as("on an absent key").isTrue();
    assertThat(store.putIfAbsent(k, bytes("second"), NO_TTL)).as("on a present key").isFalse();
    assertValue(k, bytes("first"), "a refused putIfAbsent changes nothing");
    store.delete(k);
    assertThat(store.putIfAbsent(k, bytes("third"), NO_TTL)).as("after delete").isTrue();
    assertValue(k, bytes("third"), "putIfAbsent after delete");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.6 compareAndDelete deletes only when the key holds the expected bytes")
  void s1_06_compareAndDelete() {
    String k = holding("owned", "token-a");
    assertThat(store.compareAndDelete(k, bytes("token-b"))).as("with another token").isFalse();
    assertValue(k, bytes("token-a"), "a refused compareAndDelete changes nothing");
    assertThat(store.compareAndDelete(k, bytes("token-a"))).as("with the holder's token")
        .isTrue();
    assertAbsent(k, "after compareAndDelete");
    assertThat(store.compareAndDelete(k, bytes("token-a"))).as("on an absent key").isFalse();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.7 compareAndExpire answers true only when the key holds the expected bytes")
  void s1_07_compareAndExpire() {
    String k = holding("lease", "token-a");
    assertThat(store.compareAndExpire(k, bytes("token-b"), Duration.ofMinutes(5)))
        .as("with another token").isFalse();
    assertThat(store.compareAndExpire(k, bytes("token-a"), Duration.ofMinutes(5)))
        .as("with the holder's token").isTrue();
    assertValue(k, bytes("token-a"), "compareAndExpire keeps the value");
    assertThat(store.compareAndExpire(key("absent"), bytes("token-a"), Duration.ofMinutes(5)))
        .as("on an absent key").isFalse();
    assertAbsent(key("absent"), "compareAndExpire must not create a key");
  }

  @Test
  @Tag("required")
  @DisplayName("S1.8 increment starts from 0 and returns the new value, for any delta")
  void s1_08_increment() {
    String k = key("counter");
    assertThat(store.increment(k, 1, NO_TTL)).isEqualTo(1);
    assertThat(store.increment(k, 5, NO_TTL)).isEqualTo(6);
    assertThat(store.increment(k, -10, NO_TTL)).isEqualTo(-4);
    assertThat(store.increment(k, 0, NO_TTL)).as("a zero delta reads").isEqualTo(-4);
    assertThat(store.increment(key("other"), 7, NO_TTL)).as("another counter").isEqualTo(7);
    store.delete(k);
    assertThat(store.increment(k, 2, NO_TTL)).as("after delete, from 0 again").isEqualTo(2);
  }

  @Test
  @Tag("required")
  @DisplayName("S1.9 append returns the new length; list returns every element oldest first")
  void s1_09_appendAndList() {
    String k = key("list");
    assertThat(store.append(k, bytes("a"), NO_TTL)).isEqualTo(1);
    assertThat(store.append(k, bytes("b"), NO_TTL)).isEqualTo(2);
    assertThat(store.append(k, bytes("a"), NO_TTL)).as("duplicates are kept").isEqualTo(3);
    assertThat(store.list(k)).containsExactly(bytes("a"), bytes("b"), bytes("a"));
    store.delete(k);
    assertThat(store.list(k)).as("after delete").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.10 delete removes a value, a counter or a list; deleting an absent key is a"
      + " no-op")
  void s1_10_delete() {
    store.put(key("v"), bytes("x"), NO_TTL);
    store.increment(key("c"), 3, NO_TTL);
    store.append(key("l"), bytes("x"), NO_TTL);
    store.delete(key("v"));
    store.delete(key("c"));
    store.delete(key("l"));
    store.delete(key("never"));
    assertAbsent(key("v"), "deleted value");
    assertThat(store.increment(key("c"), 0, NO_TTL)).as("deleted counter reads 0").isZero();
    assertThat(store.list(key("l"))).as("deleted list").isEmpty();
  }

  @Test
  @Tag("required")
  @DisplayName("S1.11 keys are exact: keys sharing a prefix, and keys with glob or special"
      + " characters, are independent")
  void s1_11_keysAreExact() {
    List<String> keys = List.of(key("a"), key("ab"), key("a:b"), key("a*"), key("a?"),
        key("{a}"), key("a b"), key("ä→✓"), key("A"));
    for (String k : keys) {
      store.put(k, bytes("value of " + k), NO_TTL);
    }
    store.delete(key("a*"));
    assertAbsent(key("a*"), "deleted");
    for (String k : keys) {
      if (!k.equals(key("a*"))) {
        assertValue(k, bytes("value of " + k), "deleting " + key("a*") + " must touch no other"
            + " key");
      }
    }
    assertThat(store.putIfAbsent(key("a"), bytes("x"), NO_TTL)).isFalse();
    assertThat(store.compareAndDelete(key("a"), bytes("value of " + key("a")))).isTrue();
    assertValue(key("ab"), bytes("value of " + key("ab")), "a key that extends a deleted one");
  }
}
