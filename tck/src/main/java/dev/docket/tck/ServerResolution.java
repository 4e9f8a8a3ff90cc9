package dev.docket.tck;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order in which {@link TestServers} looks for a server, with every outside fact (settings,
 * sockets, Docker, providers, CI) passed in so the order itself is unit-tested with fakes.
 */
final class ServerResolution {

  private static final Logger LOG = LoggerFactory.getLogger(ServerResolution.class);

  /** Where a server was found. */
  enum Source {
    /** The environment variable or system property named by the caller. */
    CONFIGURED,
    /** The local default, which answered on its port. */
    LOCAL,
    /** A container a {@link ContainerProvider} (or the module's own supplier) started. */
    CONTAINER
  }

  /** A server found, and how. */
  record Found(URI uri, Source source) {}

  private final Function<String, @Nullable String> settings;
  private final Predicate<URI> reachable;
  private final BooleanSupplier docker;
  private final Supplier<List<ContainerProvider>> providers;
  private final BooleanSupplier ci;

  ServerResolution(Function<String, @Nullable String> settings, Predicate<URI> reachable,
      BooleanSupplier docker, Supplier<List<ContainerProvider>> providers, BooleanSupplier ci) {
    this.settings = settings;
    this.reachable = reachable;
    this.docker = docker;
    this.providers = providers;
    this.ci = ci;
  }

  /** The real world: system properties then environment, TCP, Docker socket, ServiceLoader. */
  static ServerResolution system() {
    return new ServerResolution(name -> {
      String value = System.getProperty(name);
      return value == null || value.isBlank() ? System.getenv(name) : value;
    }, TestServers::reachable, TestServers::dockerAvailable, ServerResolution::loadProviders,
        TestServers::ci);
  }

  /**
   * Environment → local default → container ({@code moduleContainer} first, then each provider
   * that serves {@code what}, only when Docker looks available) → skip, or fail with CI=true.
   */
  Found resolve(String what, String variable, URI localDefault,
      Supplier<Optional<URI>> moduleContainer) {
    String configured = settings.apply(variable);
    if (configured != null && !configured.isBlank()) {
      return new Found(URI.create(configured.trim()), Source.CONFIGURED);
    }
    if (reachable.test(localDefault)) {
      return new Found(localDefault, Source.LOCAL);
    }
    List<String> notes = new ArrayList<>();
    if (docker.getAsBoolean()) {
      Optional<URI> own = attempt("the module's container", moduleContainer, notes, false);
      if (own.isPresent()) {
        return new Found(own.get(), Source.CONTAINER);
      }
      List<ContainerProvider> serving = providers.get().stream()
          .filter(p -> p.serves(what)).toList();
      if (serving.isEmpty()) {
        notes.add("no container provider for " + what + " on the class path (add the test"
            + " dependency docket-tck-containers)");
      }
      for (ContainerProvider p : serving) {
        Optional<URI> started = attempt(p.name(), () -> p.start(what, localDefault), notes,
            true);
        if (started.isPresent()) {
          LOG.info("{}: using a container from {}", what, p.name());
          return new Found(started.get(), Source.CONTAINER);
        }
      }
    } else {
      notes.add("no Docker engine found for a container");
    }
    String message = what + " is not reachable at " + localDefault.getHost() + ":"
        + localDefault.getPort() + ", " + variable + " is not set, " + String.join("; ", notes)
        + "; start " + what + " or set " + variable;
    if (ci.getAsBoolean()) {
      throw new AssertionError(message + " (CI=true: a missing server fails the build)");
    }
    LOG.warn("SKIPPING: {}", message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** One container step; {@code noteEmpty}: say so when it declines (a module's own may). */
  private static Optional<URI> attempt(String name, Supplier<Optional<URI>> start,
      List<String> notes, boolean noteEmpty) {
    try {
      Optional<URI> uri = start.get();
      if (uri.isEmpty() && noteEmpty) {
        notes.add(name + " could not start one");
      }
      return uri;
    } catch (RuntimeException e) {
      LOG.warn("{} could not start a container: {}", name, e.toString());
      notes.add(name + " failed: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static List<ContainerProvider> loadProviders() {
    List<ContainerProvider> out = new ArrayList<>();
    ServiceLoader.load(ContainerProvider.class, TestServers.class.getClassLoader())
        .forEach(out::add);
    return out;
  }
}
