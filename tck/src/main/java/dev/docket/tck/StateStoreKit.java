package dev.docket.tck;

/**
 * The state store rules (S1–S3, see {@link StoreRules}) on the {@link TckFixture#store store} of
 * a module's fixture, for a store checked on its own; {@link CoordinationKit} and {@link
 * DocketTck} run them too. The fixture's {@link TckFixture#broker broker} is never called.
 *
 * @since 0.3
 */
public abstract class StateStoreKit extends StoreRules implements TckSuite {}
