package dev.docket.tck;

/**
 * The argument of every job the TCK runs through the Docket runtime: one string, so tests can
 * tell jobs apart in handlers.
 *
 * @param value a label chosen by the test
 * @since 0.1
 */
public record TckArgs(String value) {}
