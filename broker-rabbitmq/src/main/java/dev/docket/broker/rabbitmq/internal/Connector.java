package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.docket.BrokerUnavailableException;
import dev.docket.InvalidConfigException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Opens a broker's connections: credentials and virtual host from the URI, TLS with the
 * JVM's trust store and host-name verification for {@code amqps://}, automatic connection
 * recovery on, with topology recovery so consumers come back.
 */
final class Connector {
  private Connector() {}

  /** Closes {@code c} if open, waiting up to 5 s. */
  static void close(Connection c, String where) {
    try {
      if (c.isOpen()) {
        c.close(5_000);
      }
    } catch (IOException | com.rabbitmq.client.ShutdownSignalException e) {
      org.slf4j.LoggerFactory.getLogger(Connector.class).debug(
          "closing a connection to RabbitMQ at {}: {}", where, Admin.reason(e));
    }
  }

  /**
   * Decodes {@code %XX} escapes only. {@link URLDecoder} decodes HTML forms, where {@code +} means
   * a space; in a URI's user info and path a {@code +} is a plus (a password "a+b" must stay so).
   */
  static String percentDecode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Opens a connection named {@code name} (shown in RabbitMQ's connection list). */
  static Connection open(RabbitBrokerConfig config, Consumer<ConnectionFactory> customizer,
      String name) {
    URI uri = config.uri();
    boolean tls = uri.getScheme().toLowerCase(Locale.ROOT).equals("amqps");
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(uri.getHost() == null ? "localhost" : uri.getHost());
    f.setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672);
    String path = uri.getRawPath();
    f.setVirtualHost(path == null || path.isEmpty() || path.equals("/") ? "/"
        : percentDecode(path.substring(1)));
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      f.setUsername(percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        f.setPassword(percentDecode(userInfo.substring(colon + 1)));
      }
    }
    if (tls) {
      try {
        f.useSslProtocol(SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new InvalidConfigException(List.of("amqps:// needs TLS, which this JVM lacks: "
            + e.getMessage()));
      }
      f.enableHostnameVerification();
    }
    f.setAutomaticRecoveryEnabled(true);
    // Re-registers the consumers (and re-declares the durable queues, a no-op).
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(500);
    f.setRequestedHeartbeat(15);
    f.setConnectionTimeout(10_000);
    customizer.accept(f);
    try {
      return f.newConnection(name);
    } catch (PossibleAuthenticationFailureException e) {
      throw new BrokerUnavailableException("RabbitMQ at " + config.redactedUri()
          + " refused the connection: check the user, password and virtual host in the URI");
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException("cannot connect to RabbitMQ at " + config.redactedUri()
          + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
              : " " + e.getMessage()), e);
    }
  }
}
