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
    String authority = uri.getRawAuthority();
    if (uri.getRawUserInfo() != null) {
      out.append("***@");
    }
    if (uri.getHost() != null) {
      out.append(uri.getHost());
    } else if (authority != null && uri.getRawUserInfo() == null) {
      // No host parsed (e.g. "user:pw@" with an empty host): the authority is kept raw, user
      // info and all, so everything up to the last '@' is hidden.
      int at = authority.lastIndexOf('@');
      out.append(at < 0 ? authority : "***@" + authority.substring(at + 1));
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

  /**
   * Like {@link #redact(URI)} for a string that may not even parse. {@code java.net.URI} refuses
   * an empty authority, so {@code memory://} (the in-memory broker's usual spelling) does not
   * parse: such a string keeps its scheme and hides everything after {@code ://}, which says
   * which broker it is without risking a credential.
   */
  public static String redact(String uri) {
    try {
      return redact(new URI(uri));
    } catch (Exception e) {
      int sep = uri.indexOf("://");
      if (sep > 0 && uri.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        return uri.substring(0, sep + 3) + (uri.length() > sep + 3 ? "***" : "");
      }
      return "<unparseable URI>";
    }
  }
}
