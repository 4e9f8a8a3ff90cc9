package dev.docket.internal;

import dev.docket.cron.CronSchedule;
import dev.docket.cron.CronTick;
import dev.docket.InvalidConfigException;
import dev.docket.JobContext;
import dev.docket.JobHandler;
import dev.docket.RetryPolicy;
import dev.docket.cron.Schedule;
import dev.docket.Task;
import dev.docket.TaskType;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns {@link Task}-annotated methods of a handler object into {@link RegisteredTask}s. */
public final class AnnotatedTasks {
  // Sorted keys so equal maps give equal hashes whatever their order.
  private static final JsonMapper KEY_MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private AnnotatedTasks() {}

  /** Every task of {@code target}; fails with every problem found. */
  public static List<RegisteredTask> scan(Object target) {
    List<RegisteredTask> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Method m : target.getClass().getMethods()) {
      Task ann = m.getAnnotation(Task.class);
      if (ann == null) {
        continue;
      }
      String where = target.getClass().getName() + "." + m.getName();
      Class<?>[] params = m.getParameterTypes();
      boolean withContext = params.length == 2 && params[1] == JobContext.class;
      if (params.length == 0 || params.length > 2 || (params.length == 2 && !withContext)) {
        problems.add(where + ": a @Task method takes (Arg) or (Arg, JobContext)");
        continue;
      }
      if (Modifier.isStatic(m.getModifiers())) {
        problems.add(where + ": a @Task method must not be static");
        continue;
      }
      try {
        out.add(RegisteredTask.of(type(ann, m, boxed(params[0])), handler(target, m, withContext)));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (out.isEmpty() && problems.isEmpty()) {
      problems.add(target.getClass().getName() + " has no public method annotated @Task");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return out;
  }

  /**
   * The cron schedules of {@code target}'s {@link Task#schedule()} methods, named after their
   * task; fails with every bad expression, zone or argument type found.
   */
  public static List<Schedule<?>> schedules(Object target) {
    List<Schedule<?>> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Method m : target.getClass().getMethods()) {
      Task ann = m.getAnnotation(Task.class);
      if (ann == null || ann.schedule().isBlank()) {
        continue;
      }
      String where = target.getClass().getName() + "." + m.getName();
      Class<?>[] params = m.getParameterTypes();
      if (params.length == 0 || !params[0].isAssignableFrom(CronTick.class)) {
        problems.add(where + ": a @Task with a schedule takes (CronTick) or (CronTick,"
            + " JobContext)");
        continue;
      }
      try {
        CronSchedule cron = CronSchedule.parse(ann.schedule()).zone(ZoneId.of(ann.zone()));
        String name = ann.name().isEmpty() ? m.getName() : ann.name();
        TaskType<CronTick, Object> type = TaskType.builder(name, CronTick.class, Object.class)
            .queue(ann.queue()).build();
        out.add(Schedule.ofTicks(name, type, cron).withMisfire(ann.misfire()));
      } catch (InvalidConfigException e) {
        problems.add(where + ": " + String.join("; ", e.problems()));
      } catch (DateTimeException | IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return out;
  }

  private static TaskType<Object, Object> type(Task ann, Method m, Class<?> argType) {
    String name = ann.name().isEmpty() ? m.getName() : ann.name();
    RetryPolicy.Builder retry = RetryPolicy.builder();
    if (ann.maxRetries() >= 0) {
      retry.maxRetries(ann.maxRetries());
    }
    if (!ann.initialBackoff().isEmpty()) {
      retry.initialBackoff(duration("initialBackoff", ann.initialBackoff()));
    }
    if (!ann.maxBackoff().isEmpty()) {
      retry.maxBackoff(duration("maxBackoff", ann.maxBackoff()));
    }
    retry.nonRetryable(Set.of(ann.nonRetryable()));
    @SuppressWarnings("unchecked")
    TaskType.Builder<Object, Object> b = TaskType.builder(name, (Class<Object>) argType,
        (Class<Object>) boxed(m.getReturnType()));
    b.queue(ann.queue()).retryPolicy(retry.build());
    if (!ann.timeout().isEmpty()) {
      b.timeout(duration("timeout", ann.timeout()));
    }
    if (!ann.idempotencyTtl().isEmpty()) {
      b.idempotencyKey(AnnotatedTasks::argumentHash, duration("idempotencyTtl",
          ann.idempotencyTtl()));
    }
    if (ann.singleton()) {
      b.singleton(a -> "", ann.onConflict(), TaskType.DEFAULT_RETRY_DELAY);
    }
    if (ann.maxConcurrency() > 0) {
      b.maxConcurrency(ann.maxConcurrency());
    }
    if (ann.rateLimit() > 0) {
      b.rateLimit(ann.rateLimit(), duration("rateWindow", ann.rateWindow()));
    }
    return b.build();
  }

  /** SHA-256 of the argument as JSON: equal arguments give equal idempotency keys. */
  static String argumentHash(Object args) {
    try {
      byte[] json = KEY_MAPPER.writeValueAsBytes(args);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static Duration duration(String field, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " '" + value
          + "' is not an ISO-8601 duration such as PT30S or PT5M");
    }
  }

  private static JobHandler<Object, Object> handler(Object target, Method m, boolean withCtx) {
    m.setAccessible(true);
    return (args, ctx) -> {
      try {
        return withCtx ? m.invoke(target, args, ctx) : m.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    };
  }

  /** The wrapper of a primitive type ({@code void} gives {@code Void}); other types as they are. */
  private static Class<?> boxed(Class<?> type) {
    return MethodType.methodType(type).wrap().returnType();
  }
}
