package dev.docket.broker.redis.internal;

import dev.docket.InvalidConfigException;
import dev.docket.spi.UriComponents;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.Locale;

/** Docket's Redis URIs to Lettuce's, without ever putting a credential in a message. */
final class RedisUris {

  private RedisUris() {}

  /** Builds the Lettuce URI by hand, so query options stay Docket's and secrets stay out of logs. */
  public static RedisURI toRedisUri(URI uri, String where, Duration timeout) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new InvalidConfigException("Redis URI " + where + " must start with redis:// or"
          + " rediss:// (TLS)");
    }
    if (uri.getHost() == null) {
      throw new InvalidConfigException("Redis URI " + where + " names no host; write e.g."
          + " redis://localhost:6379/0");
    }
    RedisURI.Builder b = RedisURI.builder().withHost(uri.getHost())
        .withPort(uri.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : uri.getPort())
        .withSsl(scheme.equals("rediss"))
        .withTimeout(timeout);
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String user = colon < 0 ? "" : decode(info.substring(0, colon), "user", where);
      String password =
          decode(colon < 0 ? info : info.substring(colon + 1), "password", where);
      if (user.isEmpty()) {
        b.withPassword(password.toCharArray());
      } else {
        b.withAuthentication(user, password.toCharArray());
      }
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        b.withDatabase(Integer.parseInt(path.substring(1)));
      } catch (NumberFormatException e) {
        throw new InvalidConfigException("Redis URI " + where + ": the path must be a database"
            + " number such as /0, was " + path);
      }
    }
    return b.build();
  }

  /**
   * Percent-decoding as RFC 3986 defines it for userinfo: {@code %XX} only. Unlike {@link
   * java.net.URLDecoder} (form encoding), {@code +} stays {@code +}. The error names the part,
   * never its value: it may be a secret.
   */
  static String decode(String s, String part, String where) {
    try {
      return UriComponents.decode(s, "the " + part);
    } catch (IllegalArgumentException e) {
      // UriComponents names the cause; the Redis messages predate it and stay as they were.
      throw new InvalidConfigException("Redis URI " + where + ": the " + part
          + (e.getCause() instanceof CharacterCodingException
              ? " is not valid UTF-8 once percent-decoded"
              : " holds a '%' that is not followed by two hex digits; write a literal '%' as %25"));
    }
  }

}
