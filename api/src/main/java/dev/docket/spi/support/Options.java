package dev.docket.spi.support;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.UriComponents;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads the options of one broker or store configuration by type, collecting every problem
 * (unknown option, malformed number, duration or boolean, value out of range) instead of
 * failing at the first; {@link #build} then throws one {@link InvalidConfigException} listing
 * them all, together with those the built configuration's own validation reports.
 *
 * <p>Each problem names the owner, the option and its value ({@code Redis broker option
 * commandTimeout='soon' is not a duration; ...}); values read as URIs are never repeated, since
 * they may hold a password. An option is known once a getter has asked for it, so the unknown
 * check, done by {@link #build}, lists exactly the options the reader knows.
 *
 * <p>Value forms: a boolean is {@code true} or {@code false} (any case), or empty for a bare flag
 * ({@code ?fifo}), meaning true; a duration is one of {@link #parseDuration}'s forms. Not
 * thread-safe: one reader per parse.
 *
 * @since 0.3
 */
public final class Options {

  private final String owner;
  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();
  private final List<String> problems = new ArrayList<>();

  private Options(String owner, Map<String, String> values, List<String> problems) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.values = new TreeMap<>(values);
    this.problems.addAll(problems);
  }

  /**
   * A reader of {@code config}'s options (which hold its URI's query options too).
   *
   * @param owner names the configuration in messages, e.g. {@code "Redis broker"}
   */
  public static Options of(String owner, BrokerConfig config) {
    return new Options(owner, config.options(), List.of());
  }

  /** A reader of {@code options}. */
  public static Options of(String owner, Map<String, String> options) {
    return new Options(owner, options, List.of());
  }

  /** A reader of {@code uri}'s query options; a malformed escape in it is a problem. */
  public static Options ofQuery(String owner, URI uri) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = query(uri, problems);
    return new Options(owner, values, problems);
  }

  /**
   * The decoded options of {@code uri}'s query string ({@code a=1&b=2}; a name without {@code =}
   * is a bare flag with an empty value), by RFC 3986 percent-decoding ({@code +} stays {@code
   * +}). A malformed escape adds a problem that never repeats the value.
   */
  public static Map<String, String> query(URI uri, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : rawQueryParts(uri)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      try {
        out.put(UriComponents.decode(rawName, "a URI query option name"), eq < 0 ? ""
            : UriComponents.decode(pair.substring(eq + 1),
                "the value of URI query option '" + rawName + "'"));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return out;
  }

  /**
   * The non-empty {@code &}-separated parts of {@code uri}'s query ({@code a=1&&b} gives {@code
   * a=1} and {@code b}), still percent-encoded, in order; empty without a query. For a parser that
   * decodes names and values itself, as {@link #query} does.
   *
   * @since 0.6
   */
  public static List<String> rawQueryParts(URI uri) {
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(raw.split("&", -1)).filter(part -> !part.isEmpty()).toList();
  }

  /**
   * A duration in one of the forms configuration accepts: an ISO-8601 duration ({@code PT30S},
   * any case), a whole number of milliseconds ({@code 500}), or a whole number with a unit
   * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 30s}, {@code 5m}).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parseDuration(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p") || v.startsWith("-p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
        return Duration.ofMillis(Long.parseLong(v));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.length() > 1) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
          case 's' -> {
            return Duration.ofSeconds(n);
          }
          case 'm' -> {
            return Duration.ofMinutes(n);
          }
          case 'h' -> {
            return Duration.ofHours(n);
          }
          case 'd' -> {
            return Duration.ofDays(n);
          }
          default -> { }
        }
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // reported below with the accepted forms
    }
    throw new IllegalArgumentException("is not a duration; use e.g. 500ms, 30s, 5m, 2h, 1d,"
        + " 500 (milliseconds) or an ISO-8601 duration such as PT30S");
  }

  /** Whether the option is given. Marks it known. */
  public boolean has(String key) {
    known.add(key);
    return values.containsKey(key);
  }

  /** The option's text as given (trimmed), or {@code fallback}. */
  public @Nullable String string(String key, @Nullable String fallback) {
    known.add(key);
    String v = values.get(key);
    return v == null ? fallback : v.strip();
  }

  /** The option's text, or {@code fallback}. */
  public String text(String key, String fallback) {
    String v = string(key, fallback);
    return v == null ? fallback : v;
  }

  /** A boolean: {@code true}, {@code false}, or empty (a bare flag) for true. */
  public boolean bool(String key, boolean fallback) {
    return read(key, fallback, v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    });
  }

  /** A whole number within {@code [min, max]}. */
  public int intValue(String key, int fallback, int min, int max) {
    return (int) longValue(key, fallback, min, max);
  }

  /** A whole number within {@code [min, max]}. */
  public long longValue(String key, long fallback, long min, long max) {
    return read(key, fallback, v -> {
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("is not a whole number");
      }
      if (n < min || n > max) {
        throw new OutOfRange("must be between " + min + " and " + max);
      }
      return n;
    });
  }

  /** A duration (see {@link #parseDuration}) within {@code [min, max]}. */
  public Duration duration(String key, Duration fallback, Duration min, Duration max) {
    return read(key, fallback, v -> {
      Duration d = parseDuration(v);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new OutOfRange("must be between " + min + " and " + max);
      }
      return d;
    });
  }

  /** A duration (see {@link #parseDuration}); range checks are left to the configuration. */
  public Duration duration(String key, Duration fallback) {
    return read(key, fallback, Options::parseDuration);
  }

  /** One of {@code type}'s constants, by name in any case. */
  public <E extends Enum<E>> E choice(String key, E fallback) {
    Class<E> type = fallback.getDeclaringClass();
    return read(key, fallback, v -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        names.add(e.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException("must be one of " + String.join(", ", names));
    });
  }

  /**
   * A URI, or {@code null} when absent. A value that does not parse is reported by position and
   * reason only: it may hold a password, so it is never repeated.
   */
  public @Nullable URI uri(String key) {
    String v = string(key, null);
    if (v == null) {
      return null;
    }
    try {
      return new URI(v);
    } catch (URISyntaxException e) {
      problems.add(owner + " option " + key + " is not a valid URI (" + e.getReason()
          + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + "); in a query string it"
          + " must be percent-encoded (the value is not shown: it may hold a password)");
      return null;
    }
  }

  /**
   * The option parsed by {@code parser}, or {@code fallback} when absent or invalid; an {@link
   * IllegalArgumentException} from the parser becomes a problem that quotes the value and the
   * exception's message (which should read as a predicate: "must be ...").
   */
  public <T> T read(String key, T fallback, Function<String, T> parser) {
    String v = string(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      return parser.apply(v);
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    } catch (OutOfRange e) {
      problems.add(owner + " option " + key + "=" + v + " " + e.getMessage());
      return fallback;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      problems.add(owner + " option " + key + "='" + v + "' " + e.getMessage());
      return fallback;
    }
  }

  /**
   * A well-formed value outside its range; reported as {@code key=value} (the value is a number
   * or duration), while a malformed one is quoted.
   */
  public static final class OutOfRange extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With the predicate it fails, e.g. "must be between 1 and 10". */
    public OutOfRange(String message) {
      super(message);
    }
  }

  /** Adds a problem found by the caller (a combination of options, say). */
  public void problem(String text) {
    problems.add(text);
  }

  /** Whether problems were found so far (unknown options are found by {@link #build}). */
  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /**
   * Builds the configuration with {@code factory}, then throws one {@link
   * InvalidConfigException} with every problem: unknown options, values read, and those the
   * factory's own validation reports (an {@code InvalidConfigException} from it).
   */
  public <T> T build(Supplier<T> factory) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        problems.add(owner + " option '" + key + "' is unknown; known: "
            + String.join(", ", known));
      }
    }
    T built = null;
    try {
      built = factory.get();
    } catch (InvalidConfigException e) {
      for (String p : e.problems()) {
        if (!problems.contains(p)) {
          problems.add(p);
        }
      }
    }
    if (!problems.isEmpty() || built == null) {
      throw new InvalidConfigException(problems);
    }
    return built;
  }
}
