package dev.docket.spi;

import java.net.URI;

/**
 * Removes credentials from URIs before they reach a log line or an exception message.
 *
 * @since 0.1
 */
public final class Redaction {
  private Redaction() {}

  /** {@code scheme://***@host:port/path}, dropping user info and the query string's values. */
  public static String redact(URI uri) {
    if (uri.isOpaque()) {
      return uri.getScheme() + ":***";
    }
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    if (uri.getRawUserInfo() != null) {
      out.append("***@");
    }
    if (uri.getHost() != null) {
      out.append(uri.getHost());
    } else if (uri.getRawAuthority() != null && uri.getRawUserInfo() == null) {
      out.append(uri.getRawAuthority());
    }
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  /** Like {@link #redact(URI)} for a string that may not even parse. */
  public static String redact(String uri) {
    try {
      return redact(new URI(uri));
    } catch (Exception e) {
      return "<unparseable URI>";
    }
  }
}
