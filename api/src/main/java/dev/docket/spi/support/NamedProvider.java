package dev.docket.spi.support;

import java.util.Objects;
import java.util.Set;

/**
 * The name and URI schemes of a {@link dev.docket.spi.BrokerProvider} or {@link
 * dev.docket.spi.StoreProvider}, which every provider otherwise spells out the same way: a
 * provider extends this, passes both to the constructor and implements only {@code create}.
 * Holds no state beyond them, so a subclass's constructor still does no I/O.
 *
 * @since 0.3
 */
public abstract class NamedProvider {
  private final String name;
  private final Set<String> schemes;

  /**
   * With the provider's {@code name} (e.g. {@code "redis"}) and the lower-case URI schemes it
   * serves (e.g. {@code "redis", "rediss"}).
   */
  protected NamedProvider(String name, String... schemes) {
    this.name = Objects.requireNonNull(name, "name");
    this.schemes = Set.of(schemes);
  }

  /** A short unique name, used to pick a provider. */
  public String name() {
    return name;
  }

  /** URI schemes served, lower case. */
  public Set<String> schemes() {
    return schemes;
  }
}
