/** Workflows: chains, groups and chords of jobs ({@link dev.docket.workflow.Workflow}), their status and failure. */
@NullMarked
package dev.docket.workflow;

import org.jspecify.annotations.NullMarked;
