package dev.docket.tck.containers;

import dev.docket.tck.ContainerProvider;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Test servers on Testcontainers for {@code TestServers}: Redis, RabbitMQ, PostgreSQL 15 and
 * SQS on LocalStack ({@link ServerImage#ALL}). One container per kind per JVM, started on first
 * use and removed by Testcontainers when the JVM exits. Found by {@link java.util.ServiceLoader}
 * when this jar is a test dependency.
 *
 * @since 0.1
 */
public final class TestcontainersProvider implements ContainerProvider {

  private static final Logger LOG = LoggerFactory.getLogger(TestcontainersProvider.class);
  private static final Map<String, GenericContainer<?>> STARTED = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}. */
  public TestcontainersProvider() {}

  @Override
  public String name() {
    return "testcontainers";
  }

  @Override
  public boolean serves(String what) {
    return ServerImage.find(what).isPresent();
  }

  @Override
  public Optional<URI> start(String what, URI localDefault) {
    Optional<ServerImage> server = ServerImage.find(what);
    if (server.isEmpty()) {
      return Optional.empty();
    }
    // TestServers only saw a socket or DOCKER_HOST; Testcontainers checks the engine answers.
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    ServerImage image = server.get();
    GenericContainer<?> container = STARTED.computeIfAbsent(image.key(), k -> {
      LOG.info("starting {} for the {} tests", image.image(), what);
      GenericContainer<?> c = image.container();
      c.start();
      return c;
    });
    return Optional.of(image.uri(localDefault, container.getHost(),
        container.getMappedPort(image.port())));
  }
}
