package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.broker.rabbitmq.internal.AmqpUri.HostPort;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AmqpUriTest {

  /** What {@code u} read besides its hosts: user and password ({@code null}: none) and vhost. */
  private static void assertLogin(AmqpUri u, String username, String password,
      String virtualHost) {
    assertThat(u.username()).as("username").isEqualTo(username);
    assertThat(u.password()).as("password").isEqualTo(password);
    assertThat(u.virtualHost()).as("virtual host").isEqualTo(virtualHost);
  }

  @Test
  void oneHost_readsCredentialsPortAndVirtualHost() {
    AmqpUri u = AmqpUri.parse(URI.create("amqp://us%40er:p%2Bw+d@rabbit.example:5673/prod%2Fa"));
    assertThat(u.tls()).isFalse();
    assertThat(u.hosts()).containsExactly(new HostPort("rabbit.example", 5673));
    assertLogin(u, "us@er", "p+w+d", "prod/a");
  }

  @Test
  void defaults_localhostTheSchemesPortAndTheRootVirtualHost() {
    AmqpUri plain = AmqpUri.parse(URI.create("amqp:///"));
    assertThat(plain.hosts()).containsExactly(new HostPort("localhost", 5672));
    assertLogin(plain, null, null, "/");
    AmqpUri tls = AmqpUri.parse(URI.create("amqps://u@h/"));
    assertThat(tls.tls()).isTrue();
    assertThat(tls.hosts()).containsExactly(new HostPort("h", 5671));
    assertThat(tls.username()).isEqualTo("u");
    assertThat(tls.password()).isNull();
  }

  @Test
  void severalHosts_keepTheirOrderAndEachTheirPort() {
    AmqpUri u = AmqpUri.parse(URI.create(
        "amqp://guest:secret@n1:5690,10.0.0.2,n3.example:5692/%2F"));
    assertThat(u.hosts()).containsExactly(new HostPort("n1", 5690),
        new HostPort("10.0.0.2", 5672), new HostPort("n3.example", 5692));
    assertLogin(u, "guest", "secret", "/");
  }

  @Test
  void ipv6_inBrackets() {
    AmqpUri u = AmqpUri.parse(URI.create("amqp://u:p@[::1]:5690/v"));
    assertThat(u.hosts()).containsExactly(new HostPort("::1", 5690));
    assertThat(u.hosts().get(0)).hasToString("[::1]:5690");
  }

  @Test
  void emptyHost_isNamedByPosition_withoutTheCredentials() {
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1:5690,,n3:5692/v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host 2 of 3 is empty").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1:5690,/v")))
        .hasMessageContaining("host 2 of 2 is empty").hasMessageNotContaining("secret");
  }

  @Test
  void badPort_isNamed_withoutTheCredentials() {
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1:5690,n2:99999/v")))
        .hasMessageContaining("host 2 of 2 'n2:99999' has port '99999'")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1:x/v")))
        .hasMessageContaining("the host 'n1:x' has port 'x'").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1:,n2/v")))
        .hasMessageContaining("has port ''");
  }

  @Test
  void credentialsPerHost_areRefused_withoutEchoingThem() {
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:secret@n1,u:secret@n2/v")))
        .hasMessageContaining("more than one '@'").hasMessageNotContaining("secret");
  }

  @Test
  void unclosedIpv6_andJunkHosts_areRefused() {
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:p@[::1/v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AmqpUri.parse(URI.create("amqp://u:p@n1,n*2/v")))
        .hasMessageContaining("'n*2' is not a host name or IP address");
  }

  @Test
  void toString_hidesTheCredentials() {
    AmqpUri u = AmqpUri.parse(URI.create("amqp://admin:secret@n1,n2/v"));
    assertThat(u.toString()).contains("n1:5672", "n2:5672").doesNotContain("secret", "admin");
  }
}
