package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.tck.fault.Resp;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cleanup on the shared Redis deletes a prefix's keys and only those. */
class SharedRedisTest {

  @Test
  void deleteKeys_removesEveryKeyUnderThePrefixAndNoOther() {
    URI server = SharedRedis.uri();
    String prefix = SharedRedis.uniquePrefix("tck");
    String other = prefix + "x";
    String[] mine = {"{" + prefix + ":mail}:ready", "{" + prefix + "}:queues",
        prefix + ":job:1"};
    String[] theirs = {"{" + other + ":mail}:ready", other + ":job:1"};
    try (Resp redis = Resp.connect(server, Duration.ofSeconds(5))) {
      for (String key : mine) {
        redis.call("SET", key, "1");
      }
      for (String key : theirs) {
        redis.call("SET", key, "1");
      }
      assertThat(SharedRedis.deleteKeys(server, prefix)).isEqualTo(mine.length);
      for (String key : mine) {
        assertThat(redis.call("EXISTS", key)).as(key).isEqualTo(0L);
      }
      for (String key : theirs) {
        assertThat(redis.call("EXISTS", key)).as(key).isEqualTo(1L);
      }
      assertThat(SharedRedis.deleteKeys(server, other)).isEqualTo(theirs.length);
    }
  }
}
