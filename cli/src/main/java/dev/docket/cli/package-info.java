/**
 * The {@code docket} command line ({@link dev.docket.cli.DocketCli}), built on picocli: stats,
 * health, dead letters, enqueue and job status over any broker URI.
 */
@NullMarked
package dev.docket.cli;

import org.jspecify.annotations.NullMarked;
