package dev.docket.tck;

/**
 * The coordination rules (S, then C1–C5, see {@link CoordinationRules}) on a module's broker
 * <em>and</em> the store that deployment would use, both from one {@link TckFixture}; {@link
 * DocketTck} runs them with every other kit. A test class implements {@link #fixture()} only.
 *
 * <p>When the broker declares {@code controllableClock}, the store must follow {@link
 * TckContext#clock()} too and the fixture says so through {@link
 * TckFixture#storeFollowsClock()}; otherwise both run on the system clock. There is no way to
 * turn a test off.
 *
 * @since 0.1
 */
public abstract class CoordinationKit extends CoordinationRules implements TckSuite {}
