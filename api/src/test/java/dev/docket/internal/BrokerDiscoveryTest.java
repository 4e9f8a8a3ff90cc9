package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerDiscoveryTest {
  record Fake(String name, Set<String> schemes) implements BrokerProvider {
    @Override
    public Broker create(BrokerConfig config) {
      throw new UnsupportedOperationException("not in this test");
    }
  }

  private final Fake memory = new Fake("memory", Set.of("memory"));
  private final Fake redis = new Fake("redis", Set.of("redis", "rediss"));
  private final Fake otherRedis = new Fake("redis-cluster", Set.of("redis"));

  @Test
  void resolve_byScheme_picksTheOneProvider() {
    BrokerDiscovery d = new BrokerDiscovery(List.of(memory, redis));
    assertThat(d.resolve(URI.create("rediss://h:6380"), null)).isSameAs(redis);
  }

  @Test
  void resolve_noProvider_namesTheModuleToAdd() {
    BrokerDiscovery d = new BrokerDiscovery(List.of(memory));
    assertThatThrownBy(() -> d.resolve(URI.create("amqp://guest:secret@h"), null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("scheme 'amqp'")
        .hasMessageContaining("Providers found: memory [memory]")
        .hasMessageContaining("docket-broker-rabbitmq")
        .hasMessageContaining(BrokerDiscovery.DOCS)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }

  @Test
  void resolve_noProvidersAtAll_saysSo() {
    assertThatThrownBy(() -> new BrokerDiscovery(List.of()).resolve(URI.create("memory:/"), null))
        .hasMessageContaining("No broker provider was found");
  }

  @Test
  void resolve_twoProvidersForOneScheme_isAmbiguousAndSaysHowToPick() {
    BrokerDiscovery d = new BrokerDiscovery(List.of(redis, otherRedis));
    assertThatThrownBy(() -> d.resolve(URI.create("redis://h"), null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("redis-cluster")
        .hasMessageContaining("docket.broker.provider=<name>");
  }

  @Test
  void resolve_explicitName_winsOverScheme() {
    BrokerDiscovery d = new BrokerDiscovery(List.of(redis, otherRedis));
    assertThat(d.resolve(URI.create("redis://h"), "redis-cluster")).isSameAs(otherRedis);
    assertThatThrownBy(() -> d.resolve(URI.create("redis://h"), "nope"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("named 'nope'");
  }
}
