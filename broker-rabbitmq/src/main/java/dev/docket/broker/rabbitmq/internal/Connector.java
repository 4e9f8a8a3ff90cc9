package dev.docket.broker.rabbitmq.internal;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import dev.docket.BrokerUnavailableException;
import dev.docket.InvalidConfigException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
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

  /** Opens a connection named {@code name} (shown in RabbitMQ's connection list). */
  static Connection open(RabbitBrokerConfig config, Consumer<ConnectionFactory> customizer,
      String name) {
    AmqpUri uri;
    try {
      uri = AmqpUri.parse(config.uri());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    boolean tls = uri.tls();
    ConnectionFactory f = new ConnectionFactory();
    AmqpUri.HostPort first = uri.hosts().get(0);
    f.setHost(first.host());
    f.setPort(first.port());
    f.setVirtualHost(uri.virtualHost());
    if (uri.username() != null) {
      f.setUsername(uri.username());
    }
    if (uri.password() != null) {
      f.setPassword(uri.password());
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
      // Several hosts: the client tries them in turn (shuffled), and so does its recovery.
      return f.newConnection(uri.hosts().stream()
          .map(h -> new Address(h.host(), h.port())).toList(), name);
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
