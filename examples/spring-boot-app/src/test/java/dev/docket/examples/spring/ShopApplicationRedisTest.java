package dev.docket.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.tck.SharedRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application against a real Redis: only docket.broker.uri differs. The context is
 * closed after the class (its worker stopped), then the test's keys are deleted.
 */
// Registered before SpringExtension (@SpringBootTest), so its afterAll runs after Spring's.
@ExtendWith(ShopApplicationRedisTest.DeleteKeys.class)
@SpringBootTest
@DirtiesContext
class ShopApplicationRedisTest {

  private static final String PREFIX = SharedRedis.uniquePrefix("spring-example");

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("docket.broker.uri", () -> SharedRedis.uri() + "?keyPrefix=" + PREFIX);
  }

  @Autowired Receipts receipts;
  @Autowired Docket docket;

  /** Deletes the test's keys once the context is closed. */
  static final class DeleteKeys implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
      SharedRedis.deleteKeys(SharedRedis.uri(), PREFIX);
    }
  }

  @Test
  void aReceiptRequestRunsOnTheWorkerThroughRedis() {
    ReceiptCheck.requestAndAwaitSent(receipts, new Receipts.Order("o-2", "grace@example.com", 1200),
        "o-2 -> grace@example.com", Duration.ofSeconds(20));
    assertThat(docket.toString()).contains("redis");
    assertThat(docket.stats("receipts").total()).isZero();
  }
}
