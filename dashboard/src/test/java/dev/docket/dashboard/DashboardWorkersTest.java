package dev.docket.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.Docket;
import dev.docket.Worker;
import dev.docket.broker.inmemory.InMemoryBroker;
import dev.docket.spi.TimeSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workers page over HTTP: running workers from their heartbeats, escaped and paged, closed
 * ones gone; and a client without a store says why it shows this process's workers only.
 */
class DashboardWorkersTest {

  private final Site site = new Site();
  private final Shop shop = Shop.memory();
  private final List<Worker> workers = new ArrayList<>();

  @AfterEach
  void tearDown() {
    site.close();
    workers.forEach(Worker::close);
    shop.close();
  }

  private Worker started(String id) {
    Worker w = shop.docket.worker().workerId(id).queues(Shop.QUEUE, "audit").concurrency(3)
        .handle(Shop.CHARGE, (order, ctx) -> "ok").start();
    workers.add(w);
    return w;
  }

  @Test
  void runningWorkers_areListedFromHeartbeats_escapedAndPaged() throws Exception {
    started("w-a");
    started("w-b<script>");
    Worker third = started("w-c");
    site.start(shop.docket, DashboardOptions.builder().pageSize(2).build());

    String first = site.get("/workers");
    assertThat(first).contains("Running workers (3)", "data-worker=\"w-a\"",
        "w-b&lt;script&gt;", "billing, audit", "<td>3</td>", "id=\"next-workers\"")
        .doesNotContain("w-b<script>", "data-worker=\"w-c\"");
    assertThat(first).as("nav link").contains("<a href=\"/workers\">Workers</a>");
    String second = site.get("/workers?after=" + java.net.URLEncoder.encode("w-b<script>",
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(second).contains("data-worker=\"w-c\"").doesNotContain("data-worker=\"w-a\"",
        "id=\"next-workers\"");

    third.close();
    assertThat(site.get("/workers")).as("after close").contains("Running workers (2)")
        .doesNotContain("w-c");
  }

  @Test
  void withoutAStore_onlyThisProcessesWorkers_withANote() throws Exception {
    // A broker handed over directly brings no store (memory:// by URI would bring its own).
    try (Docket noStore = Docket.builder().broker(InMemoryBroker.create(TimeSource.system()))
        .build()) {
      Worker local = noStore.worker().workerId("local-1").queues(Shop.QUEUE)
          .handle(Shop.CHARGE, (order, ctx) -> "ok").start();
      workers.add(local);
      site.start(noStore, DashboardOptions.builder().workers(local).build());
      assertThat(site.get("/workers")).contains("id=\"no-store\"", "local-1")
          .doesNotContain("Running workers");
      site.close();
      local.close();
    }
  }
}
