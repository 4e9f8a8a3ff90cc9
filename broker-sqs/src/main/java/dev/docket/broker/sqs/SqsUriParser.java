package dev.docket.broker.sqs;

import dev.docket.InvalidConfigException;
import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code sqs://} URIs and options into an {@link SqsBrokerConfig} ({@link
 * SqsBrokerConfig#from}), and redacts the URIs it reads. Credentials, user info and query values
 * of every URI (the broker URI, {@code endpoint}, {@code idStore}) never reach a message: each
 * problem names the option and the URI with {@code ***} in their place.
 */
final class SqsUriParser {

  private static final String KNOWN = "endpoint, accessKeyId, secretAccessKey, priorityBands,"
      + " maxDelayHop, sqsMessageLimit, maxReceiveCount, pollInterval, batchLinger, dedupWindow,"
      + " idStore, fifo, fifoGroup";

  private SqsUriParser() {}

  static SqsBrokerConfig parse(BrokerConfig config) {
    java.util.Objects.requireNonNull(config, "config");
    URI uri = config.uri();
    String shown = redact(uri);
    List<String> problems = new ArrayList<>();
    SqsBrokerConfig.Builder b = SqsBrokerConfig.builder().clock(config.clock());
    if (!"sqs".equalsIgnoreCase(uri.getScheme())) {
      problems.add("SQS broker URI " + shown + " must start with sqs://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      problems.add("SQS broker URI " + shown + " names no valid region; write e.g."
          + " sqs://us-east-1/myprefix");
    } else {
      b.region(uri.getHost());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    b.queuePrefix(path.startsWith("/") ? path.substring(1) : path);
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      if (colon >= 0) {
        b.credentials(decode(info.substring(0, colon)), decode(info.substring(colon + 1)));
      } else {
        problems.add("SQS broker URI " + shown + " has user info without a secret; write"
            + " sqs://KEY_ID:SECRET@region or use the default AWS credential chain");
      }
    }
    Map<String, String> options = new LinkedHashMap<>(query(uri));
    options.putAll(config.options());
    String keyId = options.remove("accessKeyId");
    String secret = options.remove("secretAccessKey");
    if (keyId != null || secret != null) {
      if (keyId == null || secret == null) {
        problems.add("SQS options accessKeyId and secretAccessKey go together");
      } else {
        b.credentials(keyId, secret);
      }
    }
    options.forEach((key, value) -> {
      try {
        switch (key) {
          case "endpoint" -> b.endpoint(uri("endpoint", value));
          case "priorityBands" -> b.priorityBands(Integer.parseInt(value.trim()));
          case "maxDelayHop" -> b.maxDelayHop(duration(value));
          case "sqsMessageLimit" -> b.sqsMessageLimit(Long.parseLong(value.trim()));
          case "maxReceiveCount" -> b.maxReceiveCount(Integer.parseInt(value.trim()));
          case "pollInterval" -> b.pollInterval(duration(value));
          case "batchLinger" -> b.batchLinger(duration(value));
          case "dedupWindow" -> b.dedupWindow(duration(value));
          case "idStore" -> b.idStore(uri("idStore", value));
          case "fifo" -> b.fifo(bool(value));
          case "fifoGroup" -> b.fifoGroup(FifoGroup.parse(value));
          default -> problems.add("SQS option '" + key + "' is unknown; known: " + KNOWN);
        }
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
      } catch (IllegalArgumentException | DateTimeParseException e) {
        problems.add("SQS option " + key + "='" + value + "' is invalid: " + e.getMessage());
      }
    });
    try {
      SqsBrokerConfig built = b.build();
      if (problems.isEmpty()) {
        return built;
      }
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    throw new InvalidConfigException(problems);
  }

  /** A URI option; one that does not parse is reported redacted, without the parser's text. */
  private static URI uri(String key, String value) {
    try {
      return new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new InvalidConfigException(List.of("SQS option " + key + "=" + redact(value)
          + " is not a valid URI"));
    }
  }

  /** Why {@code endpoint} cannot be an SQS endpoint, or null when it can. */
  static @Nullable String endpointProblem(URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "write an http:// or https:// URL, e.g. http://127.0.0.1:9324";
    }
    if (endpoint.getHost() == null) {
      return "it names no valid host";
    }
    if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null) {
      return "it must carry no user info, query or fragment (the SQS client sends none of them);"
          + " give credentials as accessKeyId and secretAccessKey";
    }
    return null;
  }

  /**
   * {@link Redaction#redact(URI)}, also for an authority Java could not parse as host and port
   * ({@code user:secret@bad_host}), whose user info it would otherwise print.
   */
  static String redact(URI uri) {
    if (uri.getHost() == null && uri.getRawAuthority() != null) {
      String authority = uri.getRawAuthority();
      int at = authority.lastIndexOf('@');
      String host = at < 0 ? authority : "***@" + authority.substring(at + 1);
      return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + host
          + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + (uri.getRawQuery() == null ? "" : "?…");
    }
    return Redaction.redact(uri);
  }

  /** Like {@link #redact(URI)} for text that may not parse: then only its scheme, if any. */
  static String redact(String raw) {
    try {
      return redact(new URI(raw.trim()));
    } catch (URISyntaxException e) {
      int colon = raw.indexOf("://");
      return colon > 0 && raw.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
          ? raw.substring(0, colon) + "://***" : "<unparseable URI>";
    }
  }

  private static boolean bool(String raw) {
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("use true or false");
    };
  }

  /** ISO-8601 ({@code PT15M}) or a number with {@code ms}, {@code s}, {@code m} or {@code h}. */
  static Duration duration(String raw) {
    String v = raw.trim();
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v);
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty; use e.g. 500ms, 30s, 15m, 1h or PT15M");
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("use e.g. 500ms, 30s, 15m, 1h or PT15M");
    };
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      } else if (!pair.isEmpty()) {
        out.put(decode(pair), "");
      }
    }
    return out;
  }

  /**
   * Percent-decoding as RFC 3986 has it: {@code %XX} only. Not {@code URLDecoder}, which is for
   * HTML forms and turns {@code +} into a space: AWS secret keys contain {@code +}. A malformed
   * escape stays as written.
   */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(bytes);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
