package dev.docket.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same application against a real Redis: only docket.broker.uri differs. */
@SpringBootTest
class ShopApplicationRedisTest {

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    URI redis = TestServers.require("Redis", "DOCKET_TEST_REDIS_URI",
        URI.create("redis://127.0.0.1:6379"));
    String prefix = "spring-example-" + UUID.randomUUID().toString().substring(0, 8);
    registry.add("docket.broker.uri", () -> redis + "?keyPrefix=" + prefix);
  }

  @Autowired Receipts receipts;
  @Autowired Docket docket;

  @Test
  void aReceiptRequestRunsOnTheWorkerThroughRedis() {
    receipts.requestReceipt(new Receipts.Order("o-2", "grace@example.com", 1200));
    await().atMost(Duration.ofSeconds(20)).until(() -> receipts.sent().size() == 1);
    assertThat(receipts.sent()).containsExactly("o-2 -> grace@example.com");
    assertThat(docket.toString()).contains("redis");
    assertThat(docket.stats("receipts").total()).isZero();
  }
}
