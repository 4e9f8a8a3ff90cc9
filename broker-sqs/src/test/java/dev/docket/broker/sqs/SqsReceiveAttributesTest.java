package dev.docket.broker.sqs;

import static dev.docket.broker.sqs.ElasticMq.fetch;
import static dev.docket.tck.MessageBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.spi.Delivery;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * Receives of a lane ask SQS for the {@code docket} attribute only (each attribute more costs an
 * MD5 on both sides per message), while the delay pump, which re-sends what it receives as it
 * is, still asks for all of them: a delayed job reaches its lane with every attribute it was
 * published with, and a delivery keeps its headers.
 */
class SqsReceiveAttributesTest {

  /** What each receive asked for, as "queue-url attribute-names". */
  private final ConcurrentLinkedQueue<String> receives = new ConcurrentLinkedQueue<>();
  /** The attribute names of each message sent, as "queue-url names". */
  private final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();

  private SqsClient recording(SqsClient real) {
    return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(),
        new Class<?>[] {SqsClient.class}, (proxy, method, args) -> {
          Object arg = args != null && args.length == 1 ? args[0] : null;
          if (arg instanceof Consumer<?> && method.isDefault()) {
            // The builder overloads build the request and call the overload that takes it.
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (arg instanceof ReceiveMessageRequest r) {
            receives.add(r.queueUrl() + " " + r.messageAttributeNames());
          }
          if (arg instanceof SendMessageBatchRequest r) {
            r.entries().forEach(e -> sent.add(r.queueUrl() + " "
                + new TreeSet<>(e.messageAttributes().keySet())));
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void laneReceivesAskForTheMetaAttributeOnly_thePumpForAll_andNothingIsLost()
      throws Exception {
    try (SqsBroker b = SqsBroker.create(ElasticMq.config("attr-").build(), this::recording)) {
      String q = ElasticMq.queue("attr");
      b.declareQueue(q);
      Message now = aJob().withTask("attr.task").build();
      Message later = aJob().withTask("attr.task")
          .notBefore(Instant.now().plusMillis(1500)).build();
      b.publish(q, List.of(now, later));

      List<Delivery> got = new ArrayList<>();
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
        got.addAll(fetch(b, q, 10, Duration.ofSeconds(30)));
        return got.size() == 2;
      });
      assertThat(got).extracting(Delivery::id).containsExactlyInAnyOrder(now.id(), later.id());
      for (Delivery d : got) {
        assertThat(d.headers()).as("headers of %s", d.id()).containsAllEntriesOf(
            Map.of(Headers.TASK, "attr.task"));
        assertThat(b.ack(d)).isTrue();
      }

      List<String> lane = receives.stream().filter(r -> r.contains("-p0 ")).toList();
      assertThat(lane).as("lane receives").isNotEmpty()
          .allSatisfy(r -> assertThat(r).endsWith(" [docket]"));
      assertThat(receives.stream().filter(r -> r.contains("-delay ")).toList())
          .as("the delay pump's receives").isNotEmpty()
          .allSatisfy(r -> assertThat(r).endsWith(" [All]"));
      // Both messages reached a lane with both attributes: the delayed one moved by the pump.
      assertThat(sent.stream().filter(s -> s.contains("-p0 ")).toList()).as("sends to the lane").hasSize(2)
          .allSatisfy(s -> assertThat(s).endsWith("[docket, docket-task]"));
    }
  }
}
