package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
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
import org.postgresql.ds.PGSimpleDataSource;

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

  @Test
  void uriOptionsBecomeHikariSettingsWithoutCredentialsInThePool() {
    HikariConfig c = PostgresStoreProvider.hikariConfig(PostgresStoreProvider.target(URI.create(
        "postgresql://ada:s3cret@db.internal:5432/app?poolSize=7&borrowTimeout=PT3S"
            + "&maxLifetime=PT10M&keepaliveTime=PT1M&validationTimeout=PT1S&table=jobs")));
    assertThat(c.getMaximumPoolSize()).isEqualTo(7);
    assertThat(c.getMinimumIdle()).isEqualTo(7);
    assertThat(c.getConnectionTimeout()).isEqualTo(3_000);
    assertThat(c.getMaxLifetime()).isEqualTo(600_000);
    assertThat(c.getKeepaliveTime()).isEqualTo(60_000);
    assertThat(c.getValidationTimeout()).isEqualTo(1_000);
    assertThat(c.isAutoCommit()).isTrue();
    assertThat(c.getPoolName()).isEqualTo("docket-store jobs@db.internal:5432/app");
    // Hikari never holds the credentials or a URL: only the driver's data source does.
    assertThat(c.getJdbcUrl()).isNull();
    assertThat(c.getUsername()).isNull();
    assertThat(c.getPassword()).isNull();
    assertThat(c.getDataSourceProperties()).isEmpty();
    assertThat(c.getDataSource()).isInstanceOfSatisfying(PGSimpleDataSource.class, ds -> {
      assertThat(ds.getPassword()).isEqualTo("s3cret");
      assertThat(ds.getUser()).isEqualTo("ada");
      assertThat(ds.toString()).doesNotContain("s3cret");
    });
  }

  @Test
  void poolDefaultsAreHikarisRecommendedOnes() {
    HikariConfig c = PostgresStoreProvider.hikariConfig(PostgresStoreProvider.target(
        URI.create("postgresql://db.internal/app")));
    assertThat(c.getMaximumPoolSize()).isEqualTo(PostgresStoreProvider.DEFAULT_POOL_SIZE);
    assertThat(c.getConnectionTimeout()).isEqualTo(30_000);
    assertThat(c.getMaxLifetime()).isEqualTo(1_800_000);
    assertThat(c.getKeepaliveTime()).isEqualTo(120_000);
    assertThat(c.getValidationTimeout()).isEqualTo(5_000);
    assertThat(c.getPoolName()).isEqualTo("docket-store docket_state@db.internal/app");
  }

  @Test
  void poolSettingsHikariWouldSilentlyReplaceAreRefused() {
    assertThatThrownBy(() -> PostgresStoreProvider.target(URI.create(
        "postgresql://ada:s3cret@db/app?maxLifetime=PT10S&keepaliveTime=PT10S"
            + "&validationTimeout=PT1M&borrowTimeout=PT0.1S")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("maxLifetime=PT10S must be at least PT30S")
        .hasMessageContaining("keepaliveTime=PT10S")
        .hasMessageContaining("validationTimeout=PT1M")
        .hasMessageContaining("borrowTimeout=PT0.1S")
        .hasMessageNotContaining("s3cret");
    HikariConfig noKeepalive = PostgresStoreProvider.hikariConfig(PostgresStoreProvider.target(
        URI.create("postgresql://db/app?keepaliveTime=PT0S")));
    assertThat(noKeepalive.getKeepaliveTime()).isZero();
  }
}
