package dev.docket.tck.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.tck.ContainerProvider;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What can be checked without Docker (this machine has none): the provider is found by
 * ServiceLoader, serves the four servers the kits use, and builds URIs the kits accept.
 */
class TestcontainersProviderTest {

  @Test
  void serviceLoaderFindsTheProvider() {
    assertThat(ServiceLoader.load(ContainerProvider.class).stream()
        .map(ServiceLoader.Provider::type))
        .contains(TestcontainersProvider.class);
  }

  @Test
  void servesTheKitsServersByTheNamesTheyAskFor() {
    TestcontainersProvider p = new TestcontainersProvider();
    assertThat(p.serves("Redis")).isTrue();
    assertThat(p.serves("RabbitMQ")).isTrue();
    assertThat(p.serves("PostgreSQL")).isTrue();
    assertThat(p.serves("SQS")).isTrue();
    assertThat(p.serves("Kafka")).isFalse();
  }

  @Test
  void urisKeepTheLocalDefaultsShapeWithTheContainersCredentials() {
    assertThat(ServerImage.find("Redis").orElseThrow()
        .uri(URI.create("redis://127.0.0.1:6379/2"), "localhost", 32768))
        .isEqualTo(URI.create("redis://localhost:32768/2"));
    assertThat(ServerImage.find("RabbitMQ").orElseThrow()
        .uri(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"), "localhost", 32769))
        .isEqualTo(URI.create("amqp://docket:docket@localhost:32769/%2F"));
    assertThat(ServerImage.find("PostgreSQL").orElseThrow()
        .uri(URI.create("postgresql://postgres@127.0.0.1:5432/test"), "localhost", 32770))
        .isEqualTo(URI.create("postgresql://postgres:docket@localhost:32770/test"));
    assertThat(ServerImage.find("SQS").orElseThrow()
        .uri(URI.create("http://127.0.0.1:9324"), "localhost", 32771))
        .isEqualTo(URI.create("http://localhost:32771"));
  }

  @Test
  void imagesCanBeOverriddenPerServer() {
    ServerImage redis = ServerImage.find("redis").orElseThrow();
    assertThat(redis.image()).isEqualTo("redis:7.4-alpine");
    System.setProperty("docket.containers.redis.image", "valkey/valkey:8");
    try {
      assertThat(redis.image()).isEqualTo("valkey/valkey:8");
    } finally {
      System.clearProperty("docket.containers.redis.image");
    }
  }

  @Test
  void postgresContainerCreatesTheDatabaseTheDefaultNames() {
    ServerImage pg = ServerImage.find("PostgreSQL").orElseThrow();
    assertThat(pg.env()).containsEntry("POSTGRES_DB", "test");
    assertThat(pg.port()).isEqualTo(5432);
  }
}
