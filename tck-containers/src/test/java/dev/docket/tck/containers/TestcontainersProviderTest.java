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
    assertContainerUri("Redis", "redis://127.0.0.1:6379/2", 32768, "redis://localhost:32768/2");
    assertContainerUri("RabbitMQ", "amqp://guest:guest@127.0.0.1:5672/%2F", 32769,
        "amqp://docket:docket@localhost:32769/%2F");
    assertContainerUri("PostgreSQL", "postgresql://postgres@127.0.0.1:5432/test", 32770,
        "postgresql://postgres:docket@localhost:32770/test");
    assertContainerUri("SQS", "http://127.0.0.1:9324", 32771, "http://localhost:32771");
  }

  /** The URI of {@code server}'s container on localhost:{@code port}, from its local default. */
  private static void assertContainerUri(String server, String localDefault, int port,
      String expected) {
    assertThat(ServerImage.find(server).orElseThrow()
        .uri(URI.create(localDefault), "localhost", port))
        .isEqualTo(URI.create(expected));
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
