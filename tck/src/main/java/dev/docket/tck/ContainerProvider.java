package dev.docket.tck;

import java.net.URI;
import java.util.Optional;

/**
 * Starts a throwaway server in a container for {@link TestServers}, the third step of its
 * resolution (after the environment variable and the local default). Found with {@link
 * java.util.ServiceLoader}: a module that wants container fallbacks adds a test dependency on a
 * jar that provides one, such as {@code docket-tck-containers} (Testcontainers). Without one on
 * the class path this step is simply absent, so the TCK itself never needs Docker or
 * Testcontainers.
 *
 * @since 0.1
 */
public interface ContainerProvider {

  /** A name for messages, e.g. {@code "testcontainers"}. */
  String name();

  /**
   * Whether this provider can start {@code what}, the server name {@link TestServers#require}
   * was called with ({@code "Redis"}, {@code "RabbitMQ"}, {@code "PostgreSQL"}, {@code "SQS"}).
   */
  boolean serves(String what);

  /**
   * Starts (or reuses, within this JVM) a container for {@code what} and returns a URI shaped
   * like {@code localDefault} (same scheme, credentials the container accepts). Called only when
   * a Docker engine looks reachable. Empty when the provider finds it cannot after all; an
   * exception is reported with the skip or failure message.
   */
  Optional<URI> start(String what, URI localDefault);
}
