package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueueOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The overview over HTTP when no queues are configured: a broker that can list its queues
 * (memory:// here) has them shown a page at a time, with their counts.
 */
class DashboardOverviewTest {

  private final Site site = new Site();
  private final Shop shop = Shop.memory();

  @AfterEach
  void tearDown() {
    site.close();
    shop.close();
  }

  @Test
  void withoutConfiguredQueues_theBrokersQueuesArePaged() throws Exception {
    site.start(shop.docket, DashboardOptions.builder().pageSize(1).build());
    assertThat(site.get("/")).as("no queue yet").contains("id=\"none\"")
        .doesNotContain("No queues configured");

    shop.enqueue("o-1", "order 1");
    shop.enqueue("o-2", "order 2");
    shop.docket.enqueue(Shop.CHARGE, "audit me", EnqueueOptions.builder().queue("audit").build());

    String first = site.get("/");
    assertThat(first).contains("<table class=\"stats\">", "id=\"next-queues\"");
    Matcher next = Pattern.compile("id=\"next-queues\" href=\"([^\"]+)\"").matcher(first);
    assertThat(next.find()).isTrue();
    String second = site.get(next.group(1).replace("&amp;", "&"));
    assertThat(second).doesNotContain("id=\"next-queues\"");
    String both = first + second;
    assertThat(both).contains("data-queue=\"billing\"", "data-queue=\"audit\"");
    assertThat(first.contains("data-queue=\"billing\"")).as("one queue a page")
        .isNotEqualTo(first.contains("data-queue=\"audit\""));
    assertThat(both).contains("<td class=\"ready\">2</td>", "<td class=\"ready\">1</td>");
  }

  @Test
  void configuredQueues_areShownInTheirOrder_withoutPaging() throws Exception {
    shop.enqueue("o-1", "order 1");
    site.start(shop.docket, DashboardOptions.builder().queues("audit", "billing")
        .build());
    String page = site.get("/");
    assertThat(page.indexOf("data-queue=\"audit\"")).isPositive()
        .isLessThan(page.indexOf("data-queue=\"billing\""));
    assertThat(page).doesNotContain("id=\"next-queues\"");
  }
}
