package dev.docket.spi.support;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OwnerBuilder} for brokers without native deduplication, which remember the ids they
 * published for idempotent enqueue: how long an id stays live, and the state store that shares
 * the live ids (and the owner heartbeats) across processes.
 *
 * @param <B> the concrete builder, which every setter returns
 * @since 0.3
 */
public abstract class IdStoreBuilder<B extends IdStoreBuilder<B>> extends OwnerBuilder<B> {
  private Duration dedupWindow;
  private @Nullable URI idStore;

  /** With the broker's defaults; no id store. */
  protected IdStoreBuilder(Duration defaultDedupWindow, Duration defaultHeartbeat,
      Duration defaultOwnerTimeout) {
    super(defaultHeartbeat, defaultOwnerTimeout);
    this.dedupWindow = Objects.requireNonNull(defaultDedupWindow, "defaultDedupWindow");
  }

  /** How long a published id stays live for idempotent enqueue. */
  public B dedupWindow(Duration dedupWindow) {
    this.dedupWindow = Objects.requireNonNull(dedupWindow, "dedupWindow");
    return self();
  }

  /**
   * A state store URI (e.g. {@code postgresql://...}) that keeps the live ids across processes,
   * or null to keep them in this process only. May hold credentials: print it only redacted.
   */
  public B idStore(@Nullable URI idStore) {
    this.idStore = idStore;
    return self();
  }

  /** The dedup window set, for {@code build()}. */
  protected final Duration dedupWindowSetting() {
    return dedupWindow;
  }

  /** The id store set, for {@code build()}. */
  protected final @Nullable URI idStoreSetting() {
    return idStore;
  }
}
