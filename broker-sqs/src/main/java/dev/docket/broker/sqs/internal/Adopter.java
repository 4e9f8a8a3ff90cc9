package dev.docket.broker.sqs.internal;

import dev.docket.spi.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers the messages a dead owner held (the live-id registry's orphan listener). A message
 * whose reference carries its delivery ({@link HeldRefs}), of a queue this process fetches, is
 * adopted: its visibility is moved to this process's lease with the dead owner's receipt handle
 * (still valid while the message is in flight), it is held under this process's references, and
 * the next fetch of its queue returns it first. So it runs within the owner timeout even when a
 * backlog stands, where a visibility change would put it behind that backlog. Every other
 * message (no delivery kept: past the budget or an older client; a queue this process does not
 * fetch, e.g. a producer) is made visible at once, as before. A handle SQS refuses belongs to a
 * message that was settled or is visible again: nothing to do. One request per ten messages,
 * once per dead owner; nothing per job while workers live.
 */
final class Adopter {

  private static final Logger LOG = LoggerFactory.getLogger(Adopter.class);

  private final SqsCore core;
  private final Fetcher fetcher;

  Adopter(SqsCore core, Fetcher fetcher) {
    this.core = core;
    this.fetcher = fetcher;
  }

  /** Recovers {@code refs}, the references of one dead owner. */
  void orphans(List<String> refs) {
    Map<String, List<HeldRefs.Parsed>> adopt = new LinkedHashMap<>();
    Map<String, List<SqsCalls.Visibility>> back = new LinkedHashMap<>();
    for (String r : refs) {
      HeldRefs.Parsed p = HeldRefs.parse(r);
      if (p == null) {
        continue;
      }
      Delivery d = p.delivery();
      if (d != null && !core.closed() && fetcher.adoptLeaseSeconds(d.queue()) > 0) {
        adopt.computeIfAbsent(p.laneUrl(), u -> new ArrayList<>()).add(p);
      } else {
        back.computeIfAbsent(p.laneUrl(), u -> new ArrayList<>())
            .add(new SqsCalls.Visibility(p.receiptHandle(), 0));
      }
    }
    adopt.forEach((url, all) -> {
      for (int i = 0; i < all.size(); i += Batcher.MAX_BATCH) {
        adopt(url, all.subList(i, Math.min(all.size(), i + Batcher.MAX_BATCH)), back);
      }
    });
    back.forEach((url, all) -> {
      for (int i = 0; i < all.size(); i += Batcher.MAX_BATCH) {
        try {
          List<Boolean> done = core.calls.changeVisibility(url,
              all.subList(i, Math.min(all.size(), i + Batcher.MAX_BATCH)));
          LOG.info("made {} of a dead worker's messages in {} visible ({} refused: settled or"
              + " visible already)", done.size(), SqsCalls.name(url),
              done.stream().filter(ok -> !ok).count());
        } catch (RuntimeException e) {
          LOG.warn("could not make a dead worker's messages in {} visible; they return after"
              + " their visibility timeout: {}", SqsCalls.name(url), e.toString());
        }
      }
    });
  }

  /** Up to ten messages of one lane; those SQS could not move (not refused) go to {@code back}. */
  private void adopt(String url, List<HeldRefs.Parsed> batch,
      Map<String, List<SqsCalls.Visibility>> back) {
    // Every message of a batch is of one lane, so of one queue.
    Delivery first = java.util.Objects.requireNonNull(batch.get(0).delivery());
    int seconds = fetcher.adoptLeaseSeconds(first.queue());
    long now = core.clock.millis();
    List<EntryResult> results;
    try {
      results = core.calls.changeVisibilityResults(url, batch.stream()
          .map(p -> new SqsCalls.Visibility(p.receiptHandle(), seconds)).toList());
    } catch (RuntimeException e) {
      LOG.debug("could not adopt a dead worker's messages in {}; making them visible",
          SqsCalls.name(url), e);
      batch.forEach(p -> back.computeIfAbsent(url, u -> new ArrayList<>())
          .add(new SqsCalls.Visibility(p.receiptHandle(), 0)));
      return;
    }
    long expires = now + seconds * 1000L;
    List<HeldRefs.Entry> held = new ArrayList<>();
    List<Fetcher.Adopted> adopted = new ArrayList<>();
    for (int k = 0; k < batch.size(); k++) {
      HeldRefs.Parsed p = batch.get(k);
      EntryResult r = results.get(k);
      if (!r.ok()) {
        if (!r.permanent()) {
          back.computeIfAbsent(url, u -> new ArrayList<>())
              .add(new SqsCalls.Visibility(p.receiptHandle(), 0));
        }
        continue; // refused: settled by its owner, or visible again and SQS hands it out
      }
      Delivery was = java.util.Objects.requireNonNull(p.delivery());
      String messageId = java.util.Objects.requireNonNull(p.messageId());
      LeaseToken token = LeaseToken.of(messageId, now, p.receiptHandle());
      core.leases.leased(token, expires, now);
      // One more delivery: SQS counts receives only, and this one had none.
      Delivery d = new Delivery(was.queue(), was.id(), was.body(), was.headers(),
          was.priority(), was.deliveryCount() + 1, was.enqueuedAt(), token.raw(),
          Instant.ofEpochMilli(expires));
      String ref = SqsCore.ref(url, p.receiptHandle());
      held.add(new HeldRefs.Entry(ref, d, messageId));
      adopted.add(new Fetcher.Adopted(d, ref));
    }
    if (adopted.isEmpty()) {
      return;
    }
    try {
      core.held.hold(held);
    } catch (RuntimeException e) {
      LOG.debug("could not record adopted receipt handles", e);
    }
    LOG.info("adopted {} messages of a dead worker in {}", adopted.size(), SqsCalls.name(url));
    fetcher.adopt(adopted);
  }
}
