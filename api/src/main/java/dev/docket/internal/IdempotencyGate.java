package dev.docket.internal;

import dev.docket.TaskType;
import dev.docket.TaskType.Idempotency;
import dev.docket.spi.StateStore;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * First gate: claims the job's idempotency key ({@code R<token>} while the first run is in
 * progress). A key that already succeeded ({@code D<result JSON>}) replays its result; a key held
 * by a run elsewhere defers the job.
 */
record IdempotencyGate(StateStore store, JsonMapper mapper, Duration lease)
    implements CoordinationGate.Step<Idempotency<Object>> {
  static final byte RUNNING = 'R';
  static final byte DONE = 'D';

  @Override
  public Coordinator.@Nullable Gate pass(GateEntry e, Idempotency<Object> idempotency) {
    String key = StoreKeys.idempotency(e.name(), e.userKey(idempotency.key(), "idempotency"));
    byte[] claim = tagged(RUNNING, e.owner);
    if (!store.putIfAbsent(key, claim, lease)) {
      byte[] current = store.get(key).orElse(null);
      if (current != null && current.length > 0 && current[0] == DONE) {
        return new Coordinator.Gate.Replay(mapper.readTree(Arrays.copyOfRange(current, 1,
            current.length)));
      }
      // The key vanished between the two calls (its run failed or expired): claim it once more.
      if (current != null || !store.putIfAbsent(key, claim, lease)) {
        return new Coordinator.Gate.Defer(TaskType.DEFAULT_RETRY_DELAY,
            "a job with idempotency key " + key + " is running elsewhere");
      }
    }
    e.idempotency = new Coordinator.Held(key, claim);
    e.idempotencyTtl = idempotency.ttl();
    return null;
  }

  static byte[] tagged(byte tag, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = tag;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
