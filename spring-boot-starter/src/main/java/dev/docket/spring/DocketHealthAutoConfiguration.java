package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.HealthThresholds;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code docket} health indicator, when the application has Actuator's health support on its
 * class path. It checks {@code docket.health.queues}, or the worker's queues when none are named.
 */
@AutoConfiguration(after = DocketAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Docket.class)
public class DocketHealthAutoConfiguration {

  /** For Spring. */
  public DocketHealthAutoConfiguration() {}

  /** Actuator names it {@code docket} (the bean name less its suffix): /actuator/health/docket. */
  @Bean
  @ConditionalOnMissingBean(DocketHealthIndicator.class)
  public DocketHealthIndicator docketHealthIndicator(Docket docket, DocketProperties properties) {
    DocketProperties.Health h = properties.getHealth();
    List<String> queues = h.getQueues().isEmpty() ? properties.getWorker().getQueues()
        : h.getQueues();
    return new DocketHealthIndicator(docket, queues,
        new HealthThresholds(h.getMaxReady(), h.getMaxOldestReadyAge(), h.getMaxDead()));
  }
}
