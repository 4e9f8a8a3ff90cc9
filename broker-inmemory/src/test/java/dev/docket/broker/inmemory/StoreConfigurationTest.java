package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigurationTest {

  @Test
  void memoryBrokerGetsAnInProcessStoreByDefault() {
    try (Docket docket = Docket.connect("memory://")) {
      assertThat(docket.store()).containsInstanceOf(InMemoryStateStore.class);
      assertThat(docket.requireStore("locks")).isSameAs(docket.store().orElseThrow());
    }
  }

  @Test
  void storeUriIsResolvedThroughItsProvider() {
    try (Docket docket = Docket.fromConfig(Map.of("docket.store.uri", "memory://"))) {
      var store = docket.requireStore("rate limits");
      store.put("k", "v".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1));
      assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("v"));
    }
  }

  @Test
  void explicitBrokerWithoutStoreFailsLoudlyWhenAFeatureNeedsOne() {
    try (Docket docket = Docket.builder().broker(InMemoryBroker.create(TimeSource.system())).build()) {
      assertThat(docket.store()).isEmpty();
      assertThatThrownBy(() -> docket.requireStore("singleton locks"))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("singleton locks")
          .hasMessageContaining("docket.store.uri")
          .hasMessageContaining("DOCKET_STORE_URI");
    }
  }

  @Test
  void unknownStoreSchemeNamesTheModuleToAdd() {
    assertThatThrownBy(() -> Docket.fromConfig(Map.of("docket.store.uri", "nosuch://host:1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'nosuch'")
        .hasMessageContaining("docket-broker-redis")
        .hasMessageContaining("memory [memory]");
  }

  @Test
  void explicitStoreIsClosedWithTheClient() {
    InMemoryStateStore store = InMemoryStateStore.create();
    Docket.builder().broker(InMemoryBroker.create(TimeSource.system())).store(store).build().close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void testKitHasAStoreOnItsClock() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.store().put("lock", new byte[] {1}, Duration.ofSeconds(30));
      kit.clock().advance(Duration.ofSeconds(29));
      assertThat(kit.store().get("lock")).isPresent();
      kit.clock().advance(Duration.ofSeconds(1));
      assertThat(kit.store().get("lock")).isEmpty();
      assertThat(kit.docket().requireStore("x")).isSameAs(kit.store());
    }
  }
}
