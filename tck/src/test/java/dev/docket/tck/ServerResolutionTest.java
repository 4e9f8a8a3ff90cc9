package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.tck.ServerResolution.Found;
import dev.docket.tck.ServerResolution.Source;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The resolution order of {@link TestServers} (environment → local server → container → skip,
 * or fail with CI=true), with fakes for every outside fact: this machine has no Docker, so the
 * container step is proven here and the real provider only on a machine with one.
 */
class ServerResolutionTest {

  private static final String VARIABLE = "DOCKET_TEST_FAKE_URI";
  private static final URI LOCAL = URI.create("redis://127.0.0.1:6379");
  private static final URI CONTAINER = URI.create("redis://127.0.0.1:32768");

  /** Every probe the resolution makes, in order. */
  private final List<String> calls = new ArrayList<>();
  private final Map<String, String> settings = new HashMap<>();
  private boolean localUp;
  private boolean docker;
  private boolean ci;
  private final List<ContainerProvider> providers = new ArrayList<>();

  private ServerResolution resolution() {
    return new ServerResolution(name -> {
      calls.add("setting " + name);
      return settings.get(name);
    }, uri -> {
      calls.add("probe " + uri);
      return localUp;
    }, () -> {
      calls.add("docker?");
      return docker;
    }, () -> {
      calls.add("providers");
      return providers;
    }, () -> ci);
  }

  private Found resolve() {
    return resolution().resolve("Redis", VARIABLE, LOCAL, Optional::empty);
  }

  /** A provider named {@code name} for {@code serves}; each start is logged to {@code calls}. */
  private record FakeProvider(String name, String serves, Supplier<Optional<URI>> starter,
      List<String> calls) implements ContainerProvider {
    @Override
    public boolean serves(String what) {
      return what.equalsIgnoreCase(serves);
    }

    @Override
    public Optional<URI> start(String what, URI localDefault) {
      calls.add("start " + name + " " + what + " like " + localDefault);
      return starter.get();
    }
  }

  private ContainerProvider provider(String name, String serves, Supplier<Optional<URI>> start) {
    return new FakeProvider(name, serves, start, calls);
  }

  @Test
  void theEnvironmentWinsAndNothingElseIsProbed() {
    settings.put(VARIABLE, " redis://elsewhere:7000/2 ");
    localUp = true;
    docker = true;
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    assertThat(resolve()).isEqualTo(new Found(URI.create("redis://elsewhere:7000/2"),
        Source.CONFIGURED));
    assertThat(calls).containsExactly("setting " + VARIABLE);
  }

  @Test
  void aLocalServerWinsOverAContainer() {
    localUp = true;
    docker = true;
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    assertThat(resolve()).isEqualTo(new Found(LOCAL, Source.LOCAL));
    assertThat(calls).containsExactly("setting " + VARIABLE, "probe " + LOCAL);
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    settings.put(VARIABLE, "  ");
    localUp = true;
    assertThat(resolve().source()).isEqualTo(Source.LOCAL);
  }

  @Test
  void aContainerIsStartedWhenNothingAnswersAndDockerIsThere() {
    docker = true;
    providers.add(provider("rabbit-only", "RabbitMQ", () -> Optional.of(URI.create("amqp://x:1"))));
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    assertThat(resolve()).isEqualTo(new Found(CONTAINER, Source.CONTAINER));
    assertThat(calls).containsExactly("setting " + VARIABLE, "probe " + LOCAL, "docker?",
        "providers", "start tc Redis like " + LOCAL);
  }

  @Test
  void theModulesOwnContainerComesBeforeTheProviders() {
    docker = true;
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    URI own = URI.create("redis://127.0.0.1:40000");
    Found found = resolution().resolve("Redis", VARIABLE, LOCAL, () -> {
      calls.add("module container");
      return Optional.of(own);
    });
    assertThat(found).isEqualTo(new Found(own, Source.CONTAINER));
    assertThat(calls).doesNotContain("providers").contains("module container");
  }

  @Test
  void aFailingProviderFallsThroughToTheNext() {
    docker = true;
    providers.add(provider("broken", "Redis", () -> {
      throw new IllegalStateException("image pull refused");
    }));
    providers.add(provider("declines", "Redis", Optional::empty));
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    assertThat(resolve()).isEqualTo(new Found(CONTAINER, Source.CONTAINER));
    assertThat(calls).containsSubsequence("start broken Redis like " + LOCAL,
        "start declines Redis like " + LOCAL, "start tc Redis like " + LOCAL);
  }

  @Test
  void withoutDockerNoProviderIsAskedAndTheTestIsSkipped() {
    providers.add(provider("tc", "Redis", () -> Optional.of(CONTAINER)));
    assertThatThrownBy(this::resolve).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(VARIABLE)
        .hasMessageContaining("no Docker engine");
    assertThat(calls).containsExactly("setting " + VARIABLE, "probe " + LOCAL, "docker?");
  }

  @Test
  void withDockerButNoProviderTheSkipSaysWhatToAdd() {
    docker = true;
    assertThatThrownBy(this::resolve).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("docket-tck-containers");
  }

  @Test
  void underCiAMissingServerFailsWithEveryReason() {
    ci = true;
    docker = true;
    providers.add(provider("broken", "Redis", () -> {
      throw new IllegalStateException("image pull refused");
    }));
    assertThatThrownBy(this::resolve).isInstanceOf(AssertionError.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining(VARIABLE)
        .hasMessageContaining("broken failed: image pull refused");
  }
}
