package dev.docket.internal;

import dev.docket.TaskType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One job's way through the coordination gates: what it is, the owner token its keys carry, and
 * what the gates passed so far acquired for it. Confined to the thread that enters the gate.
 */
final class GateEntry {
  final TaskType<Object, ?> task;
  final Object args;
  final Instant now;
  /** The owner token of every key this job holds (UTF-8 of {@code <worker id>:<uuid>}). */
  final byte[] owner;
  final List<Coordinator.Held> held = new ArrayList<>();
  Coordinator.@Nullable Held idempotency;
  @Nullable Duration idempotencyTtl;

  GateEntry(TaskType<Object, ?> task, Object args, Instant now, String token) {
    this.task = task;
    this.args = args;
    this.now = now;
    this.owner = token.getBytes(StandardCharsets.UTF_8);
  }

  String name() {
    return task.name();
  }

  /** The user's key function applied to the arguments; null is a bug in that function. */
  String userKey(Function<? super Object, String> fn, String what) {
    String k = fn.apply(args);
    if (k == null) {
      throw new IllegalArgumentException("the " + what + " key function returned null for "
          + args);
    }
    return k;
  }
}
