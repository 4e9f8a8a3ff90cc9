package dev.docket.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

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
    ReceiptCheck.requestAndAwaitSent(receipts, new Receipts.Order("o-1", "ada@example.com", 3750),
        "o-1 -> ada@example.com", Duration.ofSeconds(10));
    assertThat(docket.toString()).contains("memory");
  }
}
