package dev.docket.broker.inmemory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC, for the MDC tests: slf4j-simple's own MDC does nothing. The
 * map is a plain (not inheritable) thread local, as Logback's is, so a test sees the keys only on
 * threads where Docket put them. Selected with {@code -Dslf4j.provider} in this module's pom.
 */
public class ThreadLocalMdcProvider extends SimpleServiceProvider {
  private final MDCAdapter adapter = new ThreadLocalMdc();

  @Override
  public MDCAdapter getMDCAdapter() {
    return adapter;
  }

  private static final class ThreadLocalMdc implements MDCAdapter {
    private final ThreadLocal<Map<String, String>> map = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<Map<String, Deque<String>>> deques =
        ThreadLocal.withInitial(HashMap::new);

    @Override
    public void put(String key, String val) {
      map.get().put(key, val);
    }

    @Override
    public String get(String key) {
      return map.get().get(key);
    }

    @Override
    public void remove(String key) {
      map.get().remove(key);
    }

    @Override
    public void clear() {
      map.get().clear();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
      return new HashMap<>(map.get());
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
      map.set(new HashMap<>(contextMap));
    }

    @Override
    public void pushByKey(String key, String value) {
      deques.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
    }

    @Override
    public String popByKey(String key) {
      Deque<String> d = deques.get().get(key);
      return d == null ? null : d.poll();
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
      Deque<String> d = deques.get().get(key);
      return d == null ? null : new ArrayDeque<>(d);
    }

    @Override
    public void clearDequeByKey(String key) {
      deques.get().remove(key);
    }
  }
}
