package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.DeadJob;
import dev.docket.DeadLetterQueue;
import dev.docket.NonRetryableException;
import dev.docket.Page;
import dev.docket.TaskType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user-facing dead-letter API over the in-memory broker. */
class DeadLetterQueueTest {
  static final TaskType<Integer, Void> A = TaskType.of("a", Integer.class);
  static final TaskType<Integer, Void> B = TaskType.of("b", Integer.class);

  private static DocketTestKit killing() {
    DocketTestKit kit = DocketTestKit.create();
    kit.handle(A, (n, ctx) -> {
      throw new NonRetryableException("a" + n);
    }).handle(B, (n, ctx) -> {
      throw new NonRetryableException("b" + n);
    });
    return kit;
  }

  @Test
  void list_pagesOldestFirstUntilTheLastPage() {
    try (DocketTestKit kit = killing()) {
      Jobs.enqueueNumbered(kit.docket(), A, 5);
      kit.runDue();
      DeadLetterQueue dlq = kit.docket().deadLetters("default");
      List<String> messages = new ArrayList<>();
      Page<DeadJob> page = dlq.list(null, 2);
      int pages = 1;
      page.items().forEach(d -> messages.add(d.failure().message()));
      while (page.hasNext()) {
        page = dlq.list(page.nextCursor(), 2);
        page.items().forEach(d -> messages.add(d.failure().message()));
        pages++;
      }
      assertThat(pages).isEqualTo(3);
      assertThat(messages).containsExactly("a0", "a1", "a2", "a3", "a4");
    }
  }

  @Test
  void replayTaskAndPurgeTask_touchOnlyThatTask() {
    try (DocketTestKit kit = killing()) {
      kit.docket().enqueue(A, 1);
      kit.docket().enqueue(B, 2);
      kit.docket().enqueue(B, 3);
      kit.runDue();
      DeadLetterQueue dlq = kit.docket().deadLetters("default");

      assertThat(dlq.replayTask("b")).isEqualTo(2);
      assertThat(kit.docket().stats("default").ready()).isEqualTo(2);
      assertThat(dlq.list().items()).extracting(DeadJob::task).containsExactly("a");
      kit.runDue();
      assertThat(dlq.purgeTask("b")).isEqualTo(2);
      assertThat(dlq.list().items()).extracting(DeadJob::task).containsExactly("a");
      assertThat(dlq.purgeAll()).isEqualTo(1);
      assertThat(kit.docket().stats("default").dead()).isZero();
    }
  }
}
