/**
 * The Docket TCK, for authors of broker and store modules: write one {@link
 * dev.docket.tck.TckFixture} and one test class extending {@link dev.docket.tck.DocketTck}, and
 * every rule of {@code CONTRACT.md} (R, S, C, W) runs against the module. The contract classes,
 * assertions, test message builder and time helpers here are public so a module can also run one
 * contract alone while it is being written (see {@link dev.docket.tck.TckSuite}).
 *
 * @since 0.1
 */
@NullMarked
package dev.docket.tck;

import org.jspecify.annotations.NullMarked;
