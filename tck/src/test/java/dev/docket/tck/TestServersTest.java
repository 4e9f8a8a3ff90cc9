package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestServersTest {

  @Test
  void configuredUriWinsOverTheLocalDefault() {
    String variable = "DOCKET_TEST_SERVERS_PROBE_" + System.nanoTime();
    System.setProperty(variable, "redis://elsewhere:7000/2");
    try {
      assertThat(TestServers.require("Probe", variable, URI.create("redis://127.0.0.1:1")))
          .isEqualTo(URI.create("redis://elsewhere:7000/2"));
    } finally {
      System.clearProperty(variable);
    }
  }

  @Test
  void reachableDefaultIsUsed() throws IOException {
    try (ServerSocket server = new ServerSocket(0)) {
      URI local = URI.create("probe://127.0.0.1:" + server.getLocalPort());
      assertThat(TestServers.require("Probe", "DOCKET_TEST_UNSET_" + System.nanoTime(), local))
          .isEqualTo(local);
    }
  }

  @Test
  void missingServerFailsUnderCiAndIsSkippedOtherwise() throws IOException {
    int closedPort;
    try (ServerSocket server = new ServerSocket(0)) {
      closedPort = server.getLocalPort();
    }
    URI nowhere = URI.create("probe://127.0.0.1:" + closedPort);
    assertThat(TestServers.reachable(nowhere)).isFalse();
    String variable = "DOCKET_TEST_UNSET_" + System.nanoTime();
    if (TestServers.ci()) {
      assertThatThrownBy(() -> TestServers.require("Probe", variable, nowhere, Optional::empty))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(variable)
          .hasMessageContaining("CI=true");
    } else {
      assertThatThrownBy(() -> TestServers.require("Probe", variable, nowhere, Optional::empty))
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining(variable);
    }
  }

  @Test
  void uriWithoutPortIsRejected() {
    assertThatThrownBy(() -> TestServers.reachable(URI.create("redis://localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explicit port");
  }
}
