package dev.docket.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.Task;
import dev.docket.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

class DocketAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DocketAutoConfiguration.class,
          DocketHealthAutoConfiguration.class));

  /** A bean of the application's, with a task method. */
  public static class Mailer {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Task(name = "mail.send", queue = "emails")
    public void send(String to) {
      sent.add(to);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MailerConfig {
    @Bean
    Mailer mailer() {
      return new Mailer();
    }
  }

  @Test
  void defaults_memoryDocketAndAWorkerThatRunsTaskBeans() {
    runner.withUserConfiguration(MailerConfig.class)
        .withPropertyValues("docket.worker.queues=emails")
        .run(context -> {
          assertThat(context).hasSingleBean(Docket.class).hasSingleBean(DocketWorkerLifecycle.class);
          assertThat(context.getBean(DocketWorkerLifecycle.class).isRunning()).isTrue();
          Docket docket = context.getBean(Docket.class);
          assertThat(docket.toString()).contains("memory");
          docket.enqueue(TaskType.of("mail.send", String.class).toBuilder().queue("emails")
              .build(), "ada@example.com");
          Mailer mailer = context.getBean(Mailer.class);
          await().atMost(Duration.ofSeconds(10)).until(() -> mailer.sent.size() == 1);
          assertThat(mailer.sent).containsExactly("ada@example.com");
        });
  }

  @Test
  void workerOff_producerOnly() {
    runner.withUserConfiguration(MailerConfig.class)
        .withPropertyValues("docket.worker.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(Docket.class)
            .doesNotHaveBean(DocketWorkerLifecycle.class));
  }

  @Test
  void contextStop_stopsTheWorker() {
    runner.withUserConfiguration(MailerConfig.class).run(context -> {
      DocketWorkerLifecycle worker = context.getBean(DocketWorkerLifecycle.class);
      assertThat(worker.isRunning()).isTrue();
      context.stop();
      assertThat(worker.isRunning()).isFalse();
    });
  }

  @Test
  void workerHeartbeat_setsHowOftenTheWorkerBeats() {
    runner.withUserConfiguration(MailerConfig.class)
        .withPropertyValues("docket.worker.heartbeat=100ms").run(context -> {
          Docket docket = context.getBean(Docket.class);
          await().atMost(Duration.ofSeconds(2)).until(() -> docket.workers().size() == 1);
          Instant first = docket.workers().getFirst().lastSeen();
          // The default period (5 s) would not beat again within the bound.
          await().atMost(Duration.ofSeconds(2))
              .until(() -> docket.workers().getFirst().lastSeen().isAfter(first));
        });
  }

  @Test
  void workerHeartbeat_zero_failsStartupNamingIt() {
    runner.withUserConfiguration(MailerConfig.class)
        .withPropertyValues("docket.worker.heartbeat=0s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("heartbeat"));
  }

  @Test
  void noTaskBeans_workerStaysDown_contextStarts() {
    runner.run(context -> assertThat(context.getBean(DocketWorkerLifecycle.class).isRunning())
        .isFalse());
  }

  @Test
  void theApplicationsJsonMapperIsUsed() {
    JsonMapper mine = JsonMapper.builder().build();
    runner.withBean(JsonMapper.class, () -> mine)
        .run(context -> assertThat(context.getBean(Docket.class).jsonMapper()).isSameAs(mine));
  }

  @Test
  void badBrokerUri_failsStartupNamingTheProblem() {
    runner.withPropertyValues("docket.broker.uri=kafka://localhost:9092")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("No broker provider serves the URI scheme 'kafka'"));
  }

  @Test
  void brokerOptionsReachTheBroker() {
    runner.withPropertyValues("docket.broker.option.noSuchOption=1")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("noSuchOption"));
  }

  @Test
  void healthIndicator_downWithDeadLetters() {
    runner.withPropertyValues("docket.worker.enabled=false", "docket.health.queues=emails",
        "docket.health.max-ready=0").run(context -> {
          DocketHealthIndicator health = context.getBean("docketHealthIndicator", DocketHealthIndicator.class);
          assertThat(health.health().getStatus()).isEqualTo(Status.UP);
          context.getBean(Docket.class).enqueue(
              TaskType.of("mail.send", String.class).toBuilder().queue("emails").build(), "x");
          assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.health().getDetails()).containsKey("problems").containsKey("emails");
        });
  }
}
