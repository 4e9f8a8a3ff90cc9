package dev.docket.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each script carries exactly the prelude definitions it reaches, in the prelude's order. */
class PreludeTest {

  private static final Pattern DEFINES =
      Pattern.compile("(?m)^local\\s+(?:function\\s+(\\w+)|(\\w+(?:\\s*,\\s*\\w+)*)\\s*=)");

  private static String common() throws IOException {
    try (InputStream in = Script.class.getResourceAsStream("common.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every name common.lua defines at top level, with the line that defines it. */
  private static Map<String, String> definitions(String common) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = DEFINES.matcher(common);
    while (m.find()) {
      String line = common.substring(m.start(), common.indexOf('\n', m.start()));
      if (m.group(1) != null) {
        out.put(m.group(1), line);
      } else {
        for (String n : m.group(2).split(",")) {
          out.put(n.strip(), line);
        }
      }
    }
    return out;
  }

  /** Every script file but common.lua. */
  private static final List<String> SCRIPTS = List.of("ack", "beat", "browse",
      "browse_job", "dead", "delayed", "dlq_find", "dlq_ids", "dlq_index", "dlq_list",
      "dlq_purge", "dlq_replay", "dlq_restore", "dlq_unindex", "enqueue", "extend", "purge",
      "release", "reserve", "stats", "unwait");

  private static List<Script> brokerScripts() {
    List<Script> out = new ArrayList<>();
    for (String name : SCRIPTS) {
      out.add(Script.broker(name));
    }
    return out;
  }

  /** Code without comments (no script has "--" inside a string). */
  private static String code(String lua) {
    return lua.replaceAll("--[^\n]*", "");
  }

  @Test
  @DisplayName("a script that mentions every name gets the whole prelude back, unchanged")
  void wholePrelude() throws IOException {
    String common = common();
    assertThat(Prelude.parse(common).forScript(common)).isEqualTo(common + "\n");
    assertThat(Prelude.parse(common).size()).isGreaterThan(30);
  }

  @Test
  @DisplayName("every prelude name a script's code uses is defined in that script, before use")
  void closed() throws Exception {
    Map<String, String> defs = definitions(common());
    assertThat(defs).containsKeys("K_JOBS", "K_DIDX", "fail", "make_ready", "leased", "CHUNK");
    List<Script> scripts = brokerScripts();
    assertThat(scripts).hasSize(21);
    for (Script s : scripts) {
      String code = code(s.body());
      for (Map.Entry<String, String> d : defs.entrySet()) {
        if (Pattern.compile("\\b" + d.getKey() + "\\b").matcher(code).find()) {
          assertThat(s.body()).as(s.name() + " uses " + d.getKey()).contains(d.getValue() + "\n");
        }
      }
      // The check of ARGV[1] (now) runs in every script, before anything else can write.
      assertThat(s.body()).as(s.name()).contains("if ARGV[1] ~= '' and not string.match(");
    }
  }

  @Test
  @DisplayName("scripts leave out what they never reach")
  void trimmed() throws Exception {
    String common = common();
    Map<String, Script> byName = new LinkedHashMap<>();
    for (Script s : brokerScripts()) {
      byName.put(s.name(), s);
    }
    Script ack = byName.get("ack");
    assertThat(ack.body()).contains("local function unhold(", "local function parse_lease(")
        .doesNotContain("local function letter_task(", "local function reclaim_owners(",
            "local function make_ready(", "local function beat(");
    assertThat(ack.body().length()).isLessThan(common.length() / 2);
    assertThat(byName.get("reserve").body()).contains("local function beat(",
        "local function reclaim_owners(", "local function promote(",
        "local function make_ready(");
    assertThat(byName.get("dead").body()).contains("local function index_letter(",
        "local function letter_task(", "local function be32(");
  }
}
