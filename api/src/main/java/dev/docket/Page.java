package dev.docket;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param nextCursor pass it to get the next page; {@code null} on the last page
 * @param <T> item type
 * @since 0.1
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
  /** Copies. */
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** Whether another page follows. */
  public boolean hasNext() {
    return nextCursor != null;
  }
}
