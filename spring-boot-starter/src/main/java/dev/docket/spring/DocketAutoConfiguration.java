package dev.docket.spring;

import dev.docket.Docket;
import dev.docket.JobInterceptor;
import dev.docket.JobListener;
import dev.docket.Task;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configures a {@link Docket} from {@code docket.*} properties (the application's {@link
 * JsonMapper} bean when it has one, its {@link JobInterceptor} and {@link JobListener} beans) and a worker that runs every bean's {@link Task} methods with
 * the application context ({@code docket.worker.enabled=false} for a producer-only application).
 */
@AutoConfiguration(afterName =
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(DocketProperties.class)
public class DocketAutoConfiguration {

  /** For Spring. */
  public DocketAutoConfiguration() {}

  /** The Docket client, closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Docket docket(DocketProperties properties, ObjectProvider<JsonMapper> jsonMapper,
      ObjectProvider<JobInterceptor> interceptors, ObjectProvider<JobListener> listeners) {
    Docket.Builder builder = Docket.builder().config(settings(properties));
    // Interceptor and listener beans (DocketMetrics is both) see every enqueue and job.
    interceptors.orderedStream().forEach(builder::interceptor);
    listeners.orderedStream().forEach(builder::listener);
    JsonMapper mapper = jsonMapper.getIfUnique();
    if (mapper != null) {
      builder.jsonMapper(mapper);
    }
    return builder.build();
  }

  /** The worker of the application's {@link Task} beans and {@link WorkerCustomizer}s. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "docket.worker", name = "enabled", matchIfMissing = true)
  public DocketWorkerLifecycle docketWorker(Docket docket, DocketProperties properties,
      ListableBeanFactory beans, ObjectProvider<WorkerCustomizer> customizers) {
    return new DocketWorkerLifecycle(docket, properties.getWorker(), taskBeans(beans),
        customizers.orderedStream().toList());
  }

  /** The {@code docket.*} keys {@link Docket.Builder#config} reads, from the properties. */
  static Map<String, String> settings(DocketProperties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("docket.broker.uri", properties.getBroker().getUri());
    String provider = properties.getBroker().getProvider();
    if (provider != null && !provider.isBlank()) {
      map.put("docket.broker.provider", provider);
    }
    properties.getBroker().getOption().forEach((k, v) -> map.put("docket.broker.option." + k, v));
    String store = properties.getStore().getUri();
    if (store != null && !store.isBlank()) {
      map.put("docket.store.uri", store);
    }
    return map;
  }

  /** Every singleton bean whose class declares a {@link Task} method. */
  private static List<Object> taskBeans(ListableBeanFactory beans) {
    List<Object> found = new ArrayList<>();
    for (String name : beans.getBeanDefinitionNames()) {
      Class<?> type = beans.getType(name, false);
      if (type != null && hasTaskMethod(ClassUtils.getUserClass(type))) {
        found.add(beans.getBean(name));
      }
    }
    return found;
  }

  /** Public methods only, as {@code Worker.Builder.register} takes them. */
  private static boolean hasTaskMethod(Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(Task.class)) {
        return true;
      }
    }
    return false;
  }
}
