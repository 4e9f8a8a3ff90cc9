package dev.docket.broker.rabbitmq.internal;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up the core-level tests share: a {@link RabbitCore} on the test server, opened before
 * each test and closed after it, and the queues a test named, deleted after it so the shared
 * server keeps none.
 */
abstract class CoreTestBase {
  private final String prefix;
  private final List<String> queues = new ArrayList<>();
  RabbitBrokerConfig config;
  RabbitCore broker;

  /** With the prefix of the queue names, e.g. {@code "test-rabbit-"}. */
  CoreTestBase(String prefix) {
    this.prefix = prefix;
  }

  @BeforeEach
  final void openCore() {
    reopen(RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).build());
  }

  @AfterEach
  final void closeCore() {
    deleteQueues();
    broker.close();
  }

  /** Closes the broker, if open, and opens one on {@code config} instead. */
  final void reopen(RabbitBrokerConfig config) {
    if (broker != null) {
      broker.close();
    }
    this.config = config;
    broker = RabbitCore.open(config);
  }

  /** A queue name unique to this run, ending in {@code name}; deleted after the test. */
  final String queueName(String name) {
    String q = prefix + UUID.randomUUID().toString().substring(0, 8) + "." + name;
    queues.add(q);
    return q;
  }

  /** Deletes the queues named so far, with the current broker. */
  final void deleteQueues() {
    queues.forEach(broker::deleteQueue);
    queues.clear();
  }
}
