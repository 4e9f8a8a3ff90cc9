package dev.docket.spi.support;

import dev.docket.Page;
import dev.docket.spi.QueueBrowser;
import dev.docket.spi.QueueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@link QueueBrowser#queues} for a broker that can read all its queue names at once:
 * names in order after the cursor, and the cursor of the next page is the last name on this one
 * (null when none follows), so a page starts after it even when that queue has since gone.
 * Stateless.
 *
 * @since 0.2
 */
public final class NamePage {
  private NamePage() {}

  /**
   * At most {@code limit} queues of {@code names} after {@code cursor}, each described by {@code
   * info}.
   */
  public static Page<QueueInfo> of(NavigableSet<String> names, @Nullable String cursor,
      int limit, Function<String, QueueInfo> info) {
    List<QueueInfo> items = new ArrayList<>();
    for (String name : cursor == null ? names : names.tailSet(cursor, false)) {
      if (items.size() == limit) {
        break;
      }
      items.add(info.apply(name));
    }
    String last = items.isEmpty() ? null : items.get(items.size() - 1).queue();
    return new Page<>(items, last != null && names.higher(last) != null ? last : null);
  }
}
