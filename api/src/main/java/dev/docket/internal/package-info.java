/** Docket's runtime. Not an API: anything here may change in any release. */
package dev.docket.internal;
