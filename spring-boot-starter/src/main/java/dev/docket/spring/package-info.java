/**
 * Spring Boot support: {@link dev.docket.spring.DocketAutoConfiguration} builds a {@code Docket}
 * from {@code docket.*} properties and runs a worker of the application's {@code @Task} beans with
 * the context; {@link dev.docket.spring.DocketHealthIndicator} reports queue health to Actuator.
 */
@NullMarked
package dev.docket.spring;

import org.jspecify.annotations.NullMarked;
