package dev.docket.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.docket.InvalidConfigException;
import dev.docket.Task;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A cron expression with its syntax and time zone, parsed once (with cron-utils) and validated
 * at creation: a bad expression throws {@link InvalidConfigException} naming the expression and
 * the field that is wrong.
 *
 * <pre>{@code
 * CronSchedule nightly = CronSchedule.unix("0 2 * * *").zone(ZoneId.of("Europe/Paris"));
 * CronSchedule everyTenSeconds = CronSchedule.quartz("0/10 * * * * ?");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Ticks are whole seconds; daylight-saving gaps and overlaps
 * follow cron-utils (a tick in a skipped hour does not happen, a tick in a repeated hour runs
 * once).
 *
 * @since 0.1
 */
public final class CronSchedule {

  /** The cron dialects Docket accepts. */
  @SuppressWarnings("ImmutableEnumChecker") // fields holds a List.of(..), which is immutable
  public enum Syntax {
    /** Unix crontab: 5 fields, minute hour day-of-month month day-of-week. */
    UNIX(CronType.UNIX, List.of("minute", "hour", "day-of-month", "month", "day-of-week")),
    /**
     * Quartz: 6 or 7 fields, second minute hour day-of-month month day-of-week [year]; one of
     * day-of-month and day-of-week must be {@code ?}.
     */
    QUARTZ(CronType.QUARTZ,
        List.of("second", "minute", "hour", "day-of-month", "month", "day-of-week", "year")),
    /** Spring: 6 fields, second minute hour day-of-month month day-of-week. */
    SPRING(CronType.SPRING53,
        List.of("second", "minute", "hour", "day-of-month", "month", "day-of-week"));

    private final CronType type;
    private final List<String> fields;

    Syntax(CronType type, List<String> fields) {
      this.type = type;
      this.fields = fields;
    }

    /** The field names, in order. */
    public List<String> fields() {
      return fields;
    }
  }

  private final String expression;
  private final Syntax syntax;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSchedule(String expression, Syntax syntax, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.syntax = syntax;
    this.zone = zone;
    this.times = times;
  }

  /** A Unix 5-field expression in UTC, e.g. {@code "0 0 * * *"} (daily at midnight). */
  public static CronSchedule unix(String expression) {
    return of(Syntax.UNIX, expression);
  }

  /** A Quartz expression with seconds in UTC, e.g. {@code "0 0/5 * * * ?"}. */
  public static CronSchedule quartz(String expression) {
    return of(Syntax.QUARTZ, expression);
  }

  /** A Spring expression with seconds in UTC, e.g. {@code "0 0 9 * * MON-FRI"}. */
  public static CronSchedule spring(String expression) {
    return of(Syntax.SPRING, expression);
  }

  /**
   * An expression whose syntax follows from its field count: 5 is Unix, 6 is Spring, 7 is
   * Quartz (with a year). Used by {@link Task#schedule()}.
   */
  public static CronSchedule parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    int count = fieldsOf(expression).length;
    Syntax syntax = switch (count) {
      case 5 -> Syntax.UNIX;
      case 6 -> Syntax.SPRING;
      case 7 -> Syntax.QUARTZ;
      default -> throw new InvalidConfigException("cron expression '" + expression + "' has "
          + count + " fields; expected 5 (Unix: minute hour day-of-month month day-of-week), 6"
          + " (Spring, with seconds first) or 7 (Quartz, with seconds first and a year last)");
    };
    return of(syntax, expression);
  }

  /** An expression of the given syntax in UTC. */
  public static CronSchedule of(Syntax syntax, String expression) {
    Objects.requireNonNull(syntax, "syntax");
    Objects.requireNonNull(expression, "expression");
    String trimmed = expression.trim();
    Cron cron = parseOrExplain(syntax, trimmed);
    return new CronSchedule(trimmed, syntax, ZoneOffset.UTC, ExecutionTime.forCron(cron));
  }

  /** The same expression evaluated in {@code zone}. */
  public CronSchedule zone(ZoneId zone) {
    return new CronSchedule(expression, syntax, Objects.requireNonNull(zone, "zone"), times);
  }

  /** The expression as given (trimmed). */
  public String expression() {
    return expression;
  }

  /** Its dialect. */
  public Syntax syntax() {
    return syntax;
  }

  /** The zone its fields are read in (default UTC). */
  public ZoneId zone() {
    return zone;
  }

  /** The first tick strictly after {@code instant}, if the expression has one. */
  public Optional<Instant> nextAfter(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    // Ticks are whole seconds; cron-utils keeps the probe's fraction, so probe on a whole second.
    Instant probe = instant.truncatedTo(ChronoUnit.SECONDS);
    Optional<Instant> t = times.nextExecution(probe.atZone(zone)).map(CronSchedule::whole);
    while (t.isPresent() && !t.get().isAfter(instant)) {
      t = times.nextExecution(t.get().atZone(zone)).map(CronSchedule::whole);
    }
    return t;
  }

  /** The last tick at or before {@code instant}, if any. */
  public Optional<Instant> latestAtOrBefore(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    // Look strictly before the next whole second.
    Instant probe = instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Optional<Instant> t = times.lastExecution(probe.atZone(zone)).map(CronSchedule::whole);
    while (t.isPresent() && t.get().isAfter(instant)) {
      t = times.lastExecution(t.get().atZone(zone)).map(CronSchedule::whole);
    }
    return t;
  }

  private static Instant whole(ZonedDateTime t) {
    return t.toInstant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The last tick strictly before {@code instant}, if any. */
  public Optional<Instant> latestBefore(Instant instant) {
    return latestAtOrBefore(instant.minusNanos(1));
  }

  private static String[] fieldsOf(String expression) {
    String t = expression.trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  private static CronParser parser(Syntax syntax) {
    return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(syntax.type));
  }

  private static Cron parseOrExplain(Syntax syntax, String expression) {
    String[] fields = fieldsOf(expression);
    int min = syntax == Syntax.QUARTZ ? 6 : syntax.fields.size();
    int max = syntax.fields.size();
    if (fields.length < min || fields.length > max) {
      throw new InvalidConfigException(syntax + " cron expression '" + expression + "' has "
          + fields.length + " fields; expected " + (min == max ? min : min + " or " + max)
          + ": " + String.join(" ", syntax.fields.subList(0, max)));
    }
    try {
      return parser(syntax).parse(expression).validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(syntax + " cron expression '" + expression + "' is"
          + " invalid" + blame(syntax, fields) + ": " + e.getMessage());
    }
  }

  /** Names the first field that fails on its own, with every other field neutral. */
  private static String blame(Syntax syntax, String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      String[] probe = neutral(syntax, fields.length);
      probe[i] = fields[i];
      String field = syntax.fields.get(i);
      if (syntax == Syntax.QUARTZ && field.equals("day-of-week") && !fields[i].equals("?")) {
        probe[3] = "?";
      }
      try {
        parser(syntax).parse(String.join(" ", probe)).validate();
      } catch (IllegalArgumentException e) {
        return " in field " + (i + 1) + " (" + field + ") '" + fields[i] + "'";
      }
    }
    return "";
  }

  private static String[] neutral(Syntax syntax, int count) {
    List<String> n = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      n.add("*");
    }
    if (syntax == Syntax.QUARTZ) {
      n.set(5, "?");
    }
    if (syntax != Syntax.UNIX) {
      n.set(0, "0");
    }
    return n.toArray(String[]::new);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CronSchedule c && c.expression.equals(expression) && c.syntax == syntax
        && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expression, syntax, zone);
  }

  @Override
  public String toString() {
    return syntax.name().toLowerCase(java.util.Locale.ROOT) + " '" + expression + "' "
        + zone.getId();
  }

}
