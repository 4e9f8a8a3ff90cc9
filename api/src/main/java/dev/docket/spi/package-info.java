/**
 * The service-provider interface, for authors of broker and state-store modules: {@link
 * dev.docket.spi.Broker}, {@link dev.docket.spi.BrokerProvider}, {@link dev.docket.spi.StateStore}.
 * Application code uses {@link dev.docket.Docket} instead. A new broker proves itself by passing
 * the {@code docket-tck}.
 */
@NullMarked
package dev.docket.spi;

import org.jspecify.annotations.NullMarked;
