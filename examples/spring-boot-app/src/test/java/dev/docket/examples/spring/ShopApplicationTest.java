package dev.docket.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application as written, on its default {@code memory://} broker. */
@SpringBootTest(properties = "docket.broker.uri=memory://")
class ShopApplicationTest {

  @Autowired Receipts receipts;
  @Autowired Docket docket;

  @Test
  void aReceiptRequestRunsOnTheWorker() {
    receipts.requestReceipt(new Receipts.Order("o-1", "ada@example.com", 3750));
    await().atMost(Duration.ofSeconds(10)).until(() -> receipts.sent().size() == 1);
    assertThat(receipts.sent()).containsExactly("o-1 -> ada@example.com");
    assertThat(docket.toString()).contains("memory");
  }
}
