package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.broker.redis.internal.Codec;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.spi.DeadLetter;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter indexes by task and by id: every script that adds or removes a letter keeps
 * them in step, searches read only matching letters, and letters stored without index entries
 * (before the indexes existed, or by an older Docket) are still found.
 */
class RedisDeadLetterIndexTest {

  private static final JobFailure FAILURE = new JobFailure(FailureReason.NON_RETRYABLE, "E", "m",
      "s", 1, Instant.ofEpochMilli(1_000), "w");

  private final String prefix = "test-" + UUID.randomUUID();
  private final String q = prefix + ".q";
  private final QueueKeys keys = QueueKeys.of(prefix, q);
  private final String dlq = keys.keys()[8];
  private final String dead = keys.keys()[7];
  private final String dseq = keys.keys()[9];
  private final String dtask = keys.keys()[15];
  private final String dids = keys.keys()[16];
  private final String didx = keys.keys()[17];

  @AfterEach
  void deleteKeys() {
    RedisTestServer.deleteKeys(prefix);
  }

  private RedisBroker broker() {
    return RedisBroker.create(
        RedisBrokerConfig.builder().uri(RedisTestServer.uri()).keyPrefix(prefix).build());
  }

  private static Message message(String id, String task) {
    return Message.of(id, id.getBytes(StandardCharsets.UTF_8), Map.of(Headers.TASK, task));
  }

  /** Publishes, fetches and dead-letters one job per (id, task) pair, in order. */
  private void kill(RedisBroker broker, String... idTask) throws InterruptedException {
    List<Message> msgs = new ArrayList<>();
    for (int i = 0; i < idTask.length; i += 2) {
      msgs.add(message(idTask[i], idTask[i + 1]));
    }
    broker.publish(q, msgs);
    List<Delivery> got = broker.fetch(FetchRequest.of(q, msgs.size(), Duration.ofMinutes(1),
        Duration.ZERO));
    assertThat(got).hasSize(msgs.size());
    for (Delivery d : got) {
      assertThat(broker.deadLetter(d, FAILURE)).isTrue();
    }
  }

  private List<String> idIndex() {
    return RedisTestServer.sync(c -> c.zrange(dids, 0, -1));
  }

  private List<String> taskIndex() {
    return RedisTestServer.sync(c -> c.zrange(dtask, 0, -1));
  }

  private List<String> letterKeys() {
    return RedisTestServer.sync(c -> c.zrange(dead, 0, -1));
  }

  private String upto() {
    return RedisTestServer.sync(c -> c.hget(didx, "upto"));
  }

  /** The task of each task-index member, as its length-prefixed head says. */
  private static List<String> tasksOf(List<String> members) {
    return members.stream().map(m -> {
      int colon = m.indexOf(':');
      int len = Integer.parseInt(m.substring(0, colon));
      return m.substring(colon + 1, colon + 1 + len);
    }).toList();
  }

  /**
   * Writes a letter the way Docket did before the indexes: value, dead zset and dead seq only.
   * The value's bytes are all below 0x80 here (small lengths and times), so a UTF-8 string
   * connection stores them unchanged.
   */
  private void writeOldLetter(String id, String task) {
    writeOldLetters(List.of(id), i -> task);
  }

  private void writeOldLetters(List<String> ids, java.util.function.IntFunction<String> task) {
    RedisTestServer.sync(c -> {
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        byte[] value = Codec.deadValue(new DeadLetter(q, id, id.getBytes(StandardCharsets.UTF_8),
            Map.of(Headers.TASK, task.apply(i)), 4, Instant.ofEpochMilli(5_000), FAILURE));
        long seq = c.incr(dseq);
        String key = id + " " + seq;
        c.hset(dlq, key, new String(value, StandardCharsets.ISO_8859_1));
        c.zadd(dead, seq, key);
      }
      return null;
    });
  }

  @Test
  void deadLetter_entersBothIndexes_andCoversItsSeq() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a1", "alpha", "b1", "beta", "a2", "alpha");
      assertThat(idIndex()).containsExactlyInAnyOrderElementsOf(letterKeys()).hasSize(3);
      assertThat(tasksOf(taskIndex())).containsExactlyInAnyOrder("alpha", "alpha", "beta");
      assertThat(taskIndex()).allSatisfy(m -> assertThat(letterKeys())
          .anySatisfy(k -> assertThat(m).endsWith(k)));
      assertThat(upto()).isEqualTo("3");
    }
  }

  @Test
  void replayByTask_movesOnlyThatTask_andDropsItsEntries() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a1", "alpha", "b1", "beta", "a2", "alpha", "c1", "alphabet");
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("alpha"))).isEqualTo(2);
      List<Delivery> back = broker.fetch(FetchRequest.of(q, 10, Duration.ofMinutes(1),
          Duration.ZERO));
      assertThat(back).extracting(Delivery::id).containsExactly("a1", "a2");
      assertThat(tasksOf(taskIndex())).containsExactlyInAnyOrder("beta", "alphabet");
      assertThat(idIndex()).containsExactlyInAnyOrderElementsOf(letterKeys()).hasSize(2);
    }
  }

  @Test
  void replayByTask_neverReadsOtherLetters() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a1", "alpha", "b1", "beta", "b2", "beta");
      // Letters of other tasks are not even decoded: a walk of the whole queue would fail here.
      RedisTestServer.sync(c -> {
        for (String k : letterKeys()) {
          if (k.startsWith("b")) {
            c.hset(dlq, k, "not a dead value");
          }
        }
        return null;
      });
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("alpha"))).isEqualTo(1);
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.task("alpha"))).isZero();
    }
  }

  @Test
  void taskNames_thatPrefixOthersOrAreOdd_matchExactly() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "x1", "a", "x2", "a\u0000b", "x3", "ab", "x4", "", "x5", "1:a", "x6", "ä b");
      for (String task : List.of("a", "a\u0000b", "ab", "", "1:a", "ä b")) {
        assertThat(broker.deadLetters().purge(q, DeadLetterFilter.task(task)))
            .as("task %s", task).isEqualTo(1);
      }
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.task("a"))).isZero();
      assertThat(letterKeys()).isEmpty();
      assertThat(taskIndex()).isEmpty();
      assertThat(idIndex()).isEmpty();
    }
  }

  @Test
  void byTask_pagesPastOneScriptBatch() throws Exception {
    try (RedisBroker broker = broker()) {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        pairs.add("j" + i);
        pairs.add(i % 5 == 0 ? "other" : "many");
      }
      // Publish and kill in slices the fetch accepts.
      for (int i = 0; i < pairs.size(); i += 400) {
        kill(broker, pairs.subList(i, i + 400).toArray(String[]::new));
      }
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.task("many"))).isEqualTo(960);
      assertThat(tasksOf(taskIndex())).hasSize(240).containsOnly("other");
      assertThat(idIndex()).hasSize(240);
    }
  }

  @Test
  void byIds_findsEveryLetterOfEachId_only() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "job", "t", "job1", "t", "jo", "t");
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.ids("job"))).isEqualTo(1);
      Delivery again = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1), Duration.ZERO))
          .get(0);
      assertThat(again.id()).isEqualTo("job");
      assertThat(broker.deadLetter(again, FAILURE)).isTrue();
      // "job" now has a new letter; a restored copy of its old one makes two letters of one id.
      restore(broker, "job", "t");
      assertThat(letterKeys()).filteredOn(k -> k.startsWith("job ")).hasSize(2);
      assertThat(broker.deadLetters().purge(q,
          DeadLetterFilter.ids("job", "nope", "with space", ""))).isEqualTo(2);
      assertThat(letterKeys()).extracting(k -> k.substring(0, k.indexOf(' ')))
          .containsExactlyInAnyOrder("job1", "jo");
      assertThat(idIndex()).containsExactlyInAnyOrderElementsOf(letterKeys());
      assertThat(tasksOf(taskIndex())).hasSize(2);
    }
  }

  private void restore(RedisBroker broker, String id, String task) {
    DeadLetter letter = new DeadLetter(q, id, id.getBytes(StandardCharsets.UTF_8),
        Map.of(Headers.TASK, task), 4, Instant.ofEpochMilli(7_000), FAILURE);
    assertThat(broker.deadLetters().restore(q, List.of(letter))).isEqualTo(1);
  }

  @Test
  void restore_entersBothIndexes() throws Exception {
    try (RedisBroker broker = broker()) {
      restore(broker, "r1", "restored");
      assertThat(idIndex()).containsExactlyElementsOf(letterKeys()).hasSize(1);
      assertThat(tasksOf(taskIndex())).containsExactly("restored");
      assertThat(upto()).isEqualTo("1");
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("restored"))).isEqualTo(1);
      assertThat(idIndex()).isEmpty();
      assertThat(taskIndex()).isEmpty();
    }
  }

  @Test
  void purgeAll_emptiesTheIndexes() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a", "t1", "b", "t2");
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.all())).isEqualTo(2);
      assertThat(idIndex()).isEmpty();
      assertThat(taskIndex()).isEmpty();
      assertThat(upto()).as("empty indexes, complete up to the dead seq").isEqualTo("2");
      kill(broker, "c", "t1");
      assertThat(upto()).isEqualTo("3");
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("t1"))).isEqualTo(1);
    }
  }

  @Test
  void queuePurge_leavesDeadLettersAndIndexesAlone() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a", "t1");
      broker.publish(q, List.of(message("w", "t1")));
      assertThat(broker.purge(q)).isEqualTo(1);
      assertThat(idIndex()).containsExactlyElementsOf(letterKeys()).hasSize(1);
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("t1"))).isEqualTo(1);
    }
  }

  @Test
  void oldLayoutLetters_areIndexedOnFirstSearch() throws Exception {
    try (RedisBroker broker = broker()) {
      writeOldLetters(java.util.stream.IntStream.range(0, 2_500).mapToObj(i -> "old" + i).toList(),
          i -> i % 2 == 0 ? "even" : "odd");
      assertThat(idIndex()).isEmpty();
      assertThat(upto()).isNull();
      // A new letter on top of old ones does not claim them indexed.
      kill(broker, "new1", "even");
      assertThat(upto()).isNull();
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("even"))).isEqualTo(1_251);
      assertThat(upto()).isEqualTo("2501");
      assertThat((boolean) RedisTestServer.sync(c -> c.hexists(didx, "walk"))).isFalse();
      assertThat(idIndex()).containsExactlyInAnyOrderElementsOf(letterKeys()).hasSize(1_250);
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.ids("old1", "old2499")))
          .isEqualTo(2);
    }
  }

  @Test
  void letterOfAnOlderDocket_afterTheIndexIsComplete_isStillFound() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a", "t");
      assertThat(upto()).isEqualTo("1");
      writeOldLetter("b", "t"); // as an older broker of a rolling upgrade would
      kill(broker, "c", "t");
      assertThat(upto()).as("a gap at seq 2").isEqualTo("1");
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.ids("b"))).isEqualTo(1);
      assertThat(upto()).isEqualTo("3");
      writeOldLetter("d", "t");
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("t"))).isEqualTo(3);
      assertThat(letterKeys()).isEmpty();
      assertThat(idIndex()).isEmpty();
      assertThat(taskIndex()).isEmpty();
    }
  }

  @Test
  void entriesOfLettersAnOlderDocketRemoved_areDropped() throws Exception {
    try (RedisBroker broker = broker()) {
      kill(broker, "a", "t", "b", "t");
      String gone = letterKeys().get(0);
      RedisTestServer.sync(c -> { // an older broker's purge: no index upkeep
        c.zrem(dead, gone);
        return c.hdel(dlq, gone);
      });
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.task("t"))).isEqualTo(1);
      assertThat(taskIndex()).isEmpty();
      Delivery b = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1), Duration.ZERO)).get(0);
      assertThat(broker.ack(b)).isTrue();
      kill(broker, "c", "t");
      String gone2 = letterKeys().get(0);
      RedisTestServer.sync(c -> {
        c.zrem(dead, gone2);
        return c.hdel(dlq, gone2);
      });
      assertThat(idIndex()).hasSize(2); // both stale: "a" from the first removal, and "c"
      assertThat(broker.deadLetters().purge(q, DeadLetterFilter.ids("a", "c"))).isZero();
      assertThat(idIndex()).isEmpty();
    }
  }
}
