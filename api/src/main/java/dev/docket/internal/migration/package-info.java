/** The steps of a {@link dev.docket.Migration}: one mover per kind of job, and their tally. */
@NullMarked
package dev.docket.internal.migration;

import org.jspecify.annotations.NullMarked;
