/**
 * {@link dev.docket.tck.ContainerProvider} on Testcontainers: add {@code docket-tck-containers}
 * as a test dependency and the TCK's {@code TestServers} starts a container when no configured
 * or local server answers and a Docker engine is there.
 *
 * @since 0.1
 */
@NullMarked
package dev.docket.tck.containers;

import org.jspecify.annotations.NullMarked;
