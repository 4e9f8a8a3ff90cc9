package dev.docket.broker.rabbitmq.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a broker URI {@code amqp[s]://user:pass@host1:port1,host2:port2/vhost}: one host
 * or several of one cluster, which a client tries in turn (connecting and recovering). A port
 * left out is 5672 ({@code amqp}) or 5671 ({@code amqps}); a missing host is {@code localhost}.
 *
 * <p>{@link java.net.URI} parses a multi-host authority as "registry-based" (no host, no port,
 * no user info), so this reads the raw authority itself. Error messages name the host's position
 * and text, never the user info; {@link #toString()} leaves out the password.
 *
 * @param tls whether the scheme is {@code amqps}
 * @param hosts every host with its port, in the URI's order
 * @param username the decoded user, or null for the client's default
 * @param password the decoded password, or null
 * @param virtualHost the decoded virtual host, {@code /} when the path is empty
 */
public record AmqpUri(boolean tls, List<HostPort> hosts, @Nullable String username,
    @Nullable String password, String virtualHost) {

  /** One host of the URI. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Copies the host list. */
  public AmqpUri {
    hosts = List.copyOf(hosts);
  }

  /**
   * Reads {@code uri}, whose scheme the caller checked.
   *
   * @throws IllegalArgumentException naming what is wrong (a host, a port), never a credential
   */
  public static AmqpUri parse(URI uri) {
    boolean tls = "amqps".equals(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT));
    int defaultPort = tls ? 5671 : 5672;
    String authority = uri.getRawAuthority();
    String user = null;
    String password = null;
    String hostList = authority == null ? "" : authority;
    int at = hostList.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = hostList.substring(0, at);
      hostList = hostList.substring(at + 1);
      if (userInfo.indexOf('@') >= 0) {
        throw new IllegalArgumentException("RabbitMQ broker URI has more than one '@': give the"
            + " user and password once, before the first host, and write an '@' in them as %40");
      }
      int colon = userInfo.indexOf(':');
      try {
        user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        // The decoder's message quotes the text: the password.
        throw new IllegalArgumentException("RabbitMQ broker URI: the user or password has a"
            + " malformed %-escape (write '%' itself as %25)");
      }
    }
    List<HostPort> hosts = new ArrayList<>();
    if (hostList.isEmpty()) {
      hosts.add(new HostPort("localhost", defaultPort));
    } else {
      String[] parts = hostList.split(",", -1);
      for (int i = 0; i < parts.length; i++) {
        hosts.add(hostPort(parts[i], i + 1, parts.length, defaultPort));
      }
    }
    String path = uri.getRawPath();
    String vhost;
    try {
      vhost = path == null || path.isEmpty() || path.equals("/") ? "/"
          : percentDecode(path.substring(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("RabbitMQ broker URI: the virtual host has a malformed"
          + " %-escape: " + e.getMessage());
    }
    return new AmqpUri(tls, hosts, user, password, vhost);
  }

  private static HostPort hostPort(String text, int position, int count, int defaultPort) {
    String where = count == 1 ? "the host" : "host " + position + " of " + count;
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("RabbitMQ broker URI: " + where + " '" + text
            + "' opens an IPv6 address with '[' but does not close it");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("RabbitMQ broker URI: " + where + " '" + text
            + "' has text after the IPv6 address; write [address]:port");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("RabbitMQ broker URI: " + where + " is empty ('" + text
          + "'); separate hosts with single commas: amqp://user:pass@host1:5672,host2:5672/vhost");
    }
    if (!host.matches("[A-Za-z0-9._%:~-]+")) {
      throw new IllegalArgumentException("RabbitMQ broker URI: " + where + " '" + host
          + "' is not a host name or IP address");
    }
    if (port == null) {
      return new HostPort(host, defaultPort);
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65_535) {
      throw new IllegalArgumentException("RabbitMQ broker URI: " + where + " '" + text
          + "' has port '" + port + "'; a port is 1 to 65535");
    }
    return new HostPort(host, number);
  }

  /**
   * Decodes {@code %XX} escapes only. {@link URLDecoder} decodes HTML forms, where {@code +} means
   * a space; in a URI's user info and path a {@code +} is a plus (a password "a+b" must stay so).
   */
  static String percentDecode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "AmqpUri[" + (tls ? "amqps" : "amqp") + ", hosts=" + hosts + ", user="
        + (username == null ? "default" : "***") + ", virtualHost=" + virtualHost + "]";
  }
}
