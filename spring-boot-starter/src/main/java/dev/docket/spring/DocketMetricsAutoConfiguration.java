package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.micrometer.DocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Docket's Micrometer meters, when the application has {@code docket-micrometer} on its class
 * path: a {@link DocketMetrics} bean (registered on the client as interceptor and listener by
 * {@link DocketAutoConfiguration}) bound to the application's {@link MeterRegistry}, with gauges
 * for the health queues (default: the worker's) and the auto-configured worker.
 */
@AutoConfiguration(before = DocketAutoConfiguration.class)
@ConditionalOnClass({DocketMetrics.class, MeterRegistry.class})
public class DocketMetricsAutoConfiguration {

  /** For Spring. */
  public DocketMetricsAutoConfiguration() {}

  /** The meters; closed (its poller stopped) with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public DocketMetrics docketMetrics(DocketProperties properties) {
    return DocketMetrics.builder().pollInterval(properties.getMetrics().getPollInterval()).build();
  }

  /** Binds the meters once the worker runs. */
  @Bean
  public DocketMetricsBinding docketMetricsBinding(DocketMetrics metrics,
      ObjectProvider<MeterRegistry> registries, Docket docket, DocketProperties properties,
      ObjectProvider<DocketWorkerLifecycle> worker) {
    List<String> queues = properties.getHealth().getQueues().isEmpty()
        ? properties.getWorker().getQueues() : properties.getHealth().getQueues();
    return new DocketMetricsBinding(metrics, registries, docket, queues, worker);
  }
}
