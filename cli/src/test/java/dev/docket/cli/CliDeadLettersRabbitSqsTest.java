package dev.docket.cli;

import org.junit.jupiter.api.Test;

/**
 * {@link CliRedisTest}'s operator session (enqueue, stats, health, dlq list, show, refused purge,
 * replay, purge by task; each a separate {@code docket} process) on RabbitMQ and on SQS. Without
 * an {@code idStore} these brokers keep live ids in each process, so the second process's enqueue
 * of the same id is not checked here (the TCK's R-rules and the fault kit cover it with a store).
 */
class CliDeadLettersRabbitSqsTest {

  @Test
  void deadLetterJourney_onRabbitMq() throws Exception {
    CliServers.onRabbitQueue(
        (amqp, queue) -> CliRedisTest.deadLetterJourney(amqp.toString(), queue, false));
  }

  @Test
  void deadLetterJourney_onSqs() throws Exception {
    try (CliServers.Sqs sqs = new CliServers.Sqs()) {
      CliRedisTest.deadLetterJourney(sqs.uri(CliServers.unique("cli")), "billing", false);
    }
  }
}
