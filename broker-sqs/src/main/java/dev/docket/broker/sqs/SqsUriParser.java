package dev.docket.broker.sqs;

import dev.docket.broker.sqs.SqsBrokerConfig.FifoGroup;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Redaction;
import dev.docket.spi.support.Options;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code sqs://} URIs and options into an {@link SqsBrokerConfig} ({@link
 * SqsBrokerConfig#from}), and redacts the URIs it reads. Credentials, user info and query values
 * of every URI (the broker URI, {@code endpoint}, {@code idStore}) never reach a message: each
 * problem names the option and the URI with {@code ***} in their place.
 */
final class SqsUriParser {

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
    Options o = Options.of("SQS broker", config);
    String keyId = o.string("accessKeyId", null);
    String secret = o.string("secretAccessKey", null);
    if (keyId != null || secret != null) {
      if (keyId == null || secret == null) {
        problems.add("SQS options accessKeyId and secretAccessKey go together");
      } else {
        b.credentials(keyId, secret);
      }
    }
    b.endpoint(uri(o, "endpoint"))
        .priorityBands(o.intValue("priorityBands", SqsBrokerConfig.DEFAULT_PRIORITY_BANDS,
            Integer.MIN_VALUE, Integer.MAX_VALUE))
        .maxDelayHop(o.duration("maxDelayHop", SqsBrokerConfig.SQS_MAX_DELAY))
        .sqsMessageLimit(o.longValue("sqsMessageLimit", SqsBrokerConfig.DEFAULT_SQS_MESSAGE_LIMIT,
            Long.MIN_VALUE, Long.MAX_VALUE))
        .maxReceiveCount(o.intValue("maxReceiveCount", SqsBrokerConfig.DEFAULT_MAX_RECEIVE_COUNT,
            Integer.MIN_VALUE, Integer.MAX_VALUE))
        .pollInterval(o.duration("pollInterval", SqsBrokerConfig.DEFAULT_POLL_INTERVAL))
        .batchLinger(o.duration("batchLinger", SqsBrokerConfig.DEFAULT_BATCH_LINGER))
        .dedupWindow(o.duration("dedupWindow", SqsBrokerConfig.DEFAULT_DEDUP_WINDOW))
        .idStore(uri(o, "idStore"))
        .heartbeat(o.duration("heartbeat", LiveIdRegistry.DEFAULT_HEARTBEAT))
        .ownerTimeout(o.duration("ownerTimeout", LiveIdRegistry.DEFAULT_OWNER_TIMEOUT))
        .fifo(o.bool("fifo", false))
        .fifoGroup(o.read("fifoGroup", FifoGroup.JOB, FifoGroup::parse));
    problems.forEach(o::problem);
    return o.build(b::build);
  }

  /** A URI option; one that does not parse is reported redacted, without the parser's text. */
  private static @Nullable URI uri(Options o, String key) {
    String value = o.string(key, null);
    if (value == null) {
      return null;
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      o.problem("SQS option " + key + "=" + redact(value) + " is not a valid URI");
      return null;
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
