package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import dev.docket.spi.StateStore;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration and wiring of the PostgreSQL store; its semantics are proven by the contract. */
class PostgresStoreProviderTest {

  static URI serverUri() {
    return TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
  }

  @Test
  void docketFindsTheStoreByScheme() {
    URI uri = serverUri();
    String table = "docket_state_wiring";
    try (Docket docket = Docket.fromConfig(Map.of("docket.broker.uri", "memory://",
        "docket.store.uri", uri + "?table=" + table))) {
      StateStore store = docket.requireStore("test");
      assertThat(store).isInstanceOf(PostgresStateStore.class);
      store.put("wiring", "ok".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1));
      assertThat(store.get("wiring")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("ok"));
      store.delete("wiring");
    }
  }

  @Test
  void badOptionsAreListedWithoutThePassword() {
    PostgresStoreProvider provider = new PostgresStoreProvider();
    assertThatThrownBy(() -> provider.create(URI.create(
        "postgresql://ada:s3cret@127.0.0.1:5432/test?poolSize=zero&colour=blue&table=Bad-Name"),
        Clock.systemUTC()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("poolSize='zero'")
        .hasMessageContaining("'colour' is unknown")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> provider.create(URI.create("postgresql://127.0.0.1:5432/"),
        Clock.systemUTC()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("names no database");
  }

  @Test
  void badTableNameIsRejected() {
    URI uri = serverUri();
    assertThatThrownBy(() -> new PostgresStoreProvider().create(
        URI.create(uri + "?table=Robert');drop"), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table name");
  }

  @Test
  void unreachableServerFailsWithoutThePassword() {
    assertThatThrownBy(() -> new PostgresStoreProvider().create(
        URI.create("postgresql://ada:s3cret@127.0.0.1:1/test?connectTimeout=1"), Clock.systemUTC()))
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("s3cret");
  }
}
