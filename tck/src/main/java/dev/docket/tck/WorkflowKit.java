package dev.docket.tck;

/**
 * The workflow rules (W1 cron, W2 chains, W3 groups and chords, see {@link WorkflowRules}) on a
 * module's broker and the state store its deployments would use, both from one {@link
 * TckFixture}; {@link DocketTck} runs them with every other kit. A test class implements {@link
 * #fixture()} only. Rules that race two processes (W1.7, W3.7) use the fixture's {@link
 * TckFixture#secondBroker} and {@link TckFixture#secondStore} where it gives them.
 *
 * @since 0.1
 */
public abstract class WorkflowKit extends WorkflowRules implements TckSuite {}
