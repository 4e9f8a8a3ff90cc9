package dev.docket.spi;

import java.util.Objects;
import java.util.Set;

/**
 * Which dead letters a replay or purge touches.
 *
 * @since 0.1
 */
public sealed interface DeadLetterFilter {

  /** Every dead letter of the queue. */
  record All() implements DeadLetterFilter {}

  /** The dead letters with these job ids. */
  record Ids(Set<String> ids) implements DeadLetterFilter {
    /** Copies. */
    public Ids {
      ids = Set.copyOf(Objects.requireNonNull(ids, "ids"));
    }
  }

  /** The dead letters whose {@link Headers#TASK} header equals {@code task}. */
  record Task(String task) implements DeadLetterFilter {
    /** Validates. */
    public Task {
      Objects.requireNonNull(task, "task");
    }
  }

  /** Every dead letter. */
  static DeadLetterFilter all() {
    return new All();
  }

  /** Dead letters by id. */
  static DeadLetterFilter ids(String... ids) {
    return new Ids(Set.of(ids));
  }

  /** Dead letters of one task. */
  static DeadLetterFilter task(String task) {
    return new Task(task);
  }

  /** Whether a dead letter matches. */
  default boolean matches(DeadLetter letter) {
    return switch (this) {
      case All a -> true;
      case Ids i -> i.ids().contains(letter.id());
      case Task t -> t.task().equals(letter.headers().get(Headers.TASK));
    };
  }
}
