package dev.docket.broker.redis.internal;

import dev.docket.spi.support.Require;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared prelude ({@code common.lua}) cut into its top-level statements, so that each script
 * carries only the ones it uses. Redis runs a script's whole text on every call, and every {@code
 * local function} of the prelude is a closure made (and later collected) per call: about 4 µs of
 * server time per call for the full prelude, most of it for functions the script never calls.
 *
 * <p>A statement starts at a line that begins in column 0 with {@code local} or {@code if}, and
 * takes the comment lines just above it. A {@code local} statement defines the names it declares;
 * it is kept when the code of the script, or of a kept statement, mentions one of them as a whole
 * word (outside comments; a name mentioned needlessly, say in a string, only keeps a statement
 * that does no harm). Statements
 * that define nothing (the check of {@code ARGV[1]}) are always kept. Kept statements stay in
 * their order, so the result is the prelude minus definitions nothing reaches.
 */
final class Prelude {

  private static final Pattern START = Pattern.compile("^(local|if)\\b.*");
  private static final Pattern FUNCTION = Pattern.compile("^local\\s+function\\s+(\\w+).*");
  private static final Pattern LOCALS =
      Pattern.compile("^local\\s+(\\w+(?:\\s*,\\s*\\w+)*)\\s*=.*");
  private static final Pattern COMMENT = Pattern.compile("--[^\n]*");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One top-level statement: its text and the names it defines (none: always kept). */
  private record Statement(String text, List<String> defines, Set<String> mentions) {}

  private final List<Statement> statements;
  private final Map<String, Integer> definedBy = new HashMap<>();

  private Prelude(List<Statement> statements) {
    this.statements = statements;
    for (int i = 0; i < statements.size(); i++) {
      for (String name : statements.get(i).defines()) {
        definedBy.put(name, i);
      }
    }
  }

  /** Cuts {@code source} (the text of {@code common.lua}) into statements. */
  static Prelude parse(String source) {
    Require.nonNull("source", source);
    List<Statement> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    StringBuilder pending = new StringBuilder();
    // The first code line of the statement being read; empty before it.
    String first = "";
    for (String line : source.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        pending.append(line).append('\n');
        continue;
      }
      if (START.matcher(line).matches() && !first.isEmpty()) {
        out.add(statement(current.toString(), first));
        current.setLength(0);
        first = "";
      }
      current.append(pending).append(line).append('\n');
      pending.setLength(0);
      if (first.isEmpty()) {
        first = line;
      }
    }
    current.append(pending);
    if (!first.isEmpty()) {
      out.add(statement(current.toString(), first));
    }
    return new Prelude(List.copyOf(out));
  }

  private static Statement statement(String text, String first) {
    List<String> defines = new ArrayList<>();
    Matcher f = FUNCTION.matcher(first);
    Matcher l = LOCALS.matcher(first);
    if (f.matches()) {
      defines.add(f.group(1));
    } else if (l.matches()) {
      for (String name : l.group(1).split(",", -1)) {
        defines.add(name.strip());
      }
    } else if (first.startsWith("local")) {
      throw new IllegalStateException("common.lua: cannot read the names of: " + first);
    }
    return new Statement(text, List.copyOf(defines), words(text));
  }

  /** The words of {@code text}'s code, comments left out (no script has "--" in a string). */
  private static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = WORD.matcher(COMMENT.matcher(text).replaceAll(""));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The statements {@code script} needs, directly or through other statements, in order. */
  String forScript(String script) {
    boolean[] keep = new boolean[statements.size()];
    Deque<Integer> todo = new ArrayDeque<>();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).defines().isEmpty()) {
        keep[i] = true;
        todo.add(i);
      }
    }
    reach(words(script), keep, todo);
    while (!todo.isEmpty()) {
      reach(statements.get(todo.poll()).mentions(), keep, todo);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      if (keep[i]) {
        out.append(statements.get(i).text());
      }
    }
    return out.toString();
  }

  private void reach(Set<String> words, boolean[] keep, Deque<Integer> todo) {
    for (String w : words) {
      Integer i = definedBy.get(w);
      if (i != null && !keep[i]) {
        keep[i] = true;
        todo.add(i);
      }
    }
  }

  /** How many top-level statements the prelude has. */
  int size() {
    return statements.size();
  }
}
