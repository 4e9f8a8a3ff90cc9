/**
 * Helpers every broker and store module uses the same way: reading typed options from a {@link
 * dev.docket.spi.BrokerConfig} or a URI query while collecting every problem ({@link Options}),
 * the payload size check ({@link PayloadLimit}), the settings every broker configuration
 * builder shares ({@link OwnerBuilder}, {@link IdStoreBuilder}) and a provider's name, schemes
 * and create step ({@link NamedProvider}, {@link ConfiguredBrokerProvider}) and null checks for
 * records with many required components ({@link Require}). For broker and store
 * authors; applications do not need it. A separate package from {@code dev.docket.spi} so that the
 * SPI proper stays the contract a backend implements, and these are only the tools it may call.
 *
 * @since 0.3
 */
@NullMarked
package dev.docket.spi.support;

import org.jspecify.annotations.NullMarked;
