package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Pins every stored key format: deployed stores hold data under these strings, so a change here
 * is a data migration, not a refactoring. Each expected string is the format as it shipped.
 */
class StoreKeysTest {

  @Test
  void workerHeartbeatKeys() {
    assertThat(StoreKeys.workerBeat("h-1-ab")).isEqualTo("docket:worker:h-1-ab");
    assertThat(StoreKeys.workerDay(java.time.LocalDate.parse("2026-01-02")))
        .isEqualTo("docket:workers:2026-01-02");
  }

  @Test
  void jobRecordKeys() {
    assertThat(StoreKeys.jobState("j1")).isEqualTo("docket:job:j1:state");
    assertThat(StoreKeys.jobResult("j1")).isEqualTo("docket:job:j1:result");
    assertThat(StoreKeys.jobDeferrals("j1")).isEqualTo("docket:job:j1:deferrals");
    assertThat(StoreKeys.jobStarts("j1")).isEqualTo("docket:starts:j1");
  }

  @Test
  void coordinationKeys() {
    assertThat(StoreKeys.idempotency("mail.send", "abc")).isEqualTo("docket:idem:mail.send:abc");
    assertThat(StoreKeys.lock("report", "")).isEqualTo("docket:lock:report");
    assertThat(StoreKeys.lock("report", "tenant-7")).isEqualTo("docket:lock:report:tenant-7");
    assertThat(StoreKeys.permit("import", 3)).isEqualTo("docket:permit:import:3");
    assertThat(StoreKeys.rate("api.call", 28_512_345L)).isEqualTo("docket:rate:api.call:28512345");
  }

  @Test
  void cronKeys() {
    assertThat(StoreKeys.cronLast("nightly")).isEqualTo("docket:cron:nightly:last");
    assertThat(StoreKeys.cronTick("nightly", Instant.parse("2026-01-02T03:00:00Z")))
        .isEqualTo("docket:cron:nightly:tick:2026-01-02T03:00:00Z");
  }

  @Test
  void workflowKeys() {
    assertThat(StoreKeys.workflowMeta("w")).isEqualTo("docket:wf:w:meta");
    assertThat(StoreKeys.workflowDone("w")).isEqualTo("docket:wf:w:done");
    assertThat(StoreKeys.workflowResult("w", 2)).isEqualTo("docket:wf:w:r:2");
    assertThat(StoreKeys.workflowCallbackResult("w")).isEqualTo("docket:wf:w:r:callback");
    assertThat(StoreKeys.workflowErrorDone("w")).isEqualTo("docket:wf:w:error-done");
    assertThat(StoreKeys.workflowNext("w", 1)).isEqualTo("docket:wf:w:next:1");
    assertThat(StoreKeys.workflowCounted("w", 0)).isEqualTo("docket:wf:w:counted:0");
    assertThat(StoreKeys.workflowCount("w")).isEqualTo("docket:wf:w:count");
    assertThat(StoreKeys.workflowFailure("w")).isEqualTo("docket:wf:w:failure");
    assertThat(StoreKeys.workflowCallbackClaim("w")).isEqualTo("docket:wf:w:callback-claim");
    assertThat(StoreKeys.workflowCallbackEnqueued("w")).isEqualTo("docket:wf:w:callback");
    assertThat(StoreKeys.workflowErrorClaim("w")).isEqualTo("docket:wf:w:error-claim");
    assertThat(StoreKeys.workflowErrorEnqueued("w")).isEqualTo("docket:wf:w:error");
  }

  @Test
  void listingKeys() {
    assertThat(StoreKeys.cronInfo("nightly")).isEqualTo("docket:cron:nightly:info");
    assertThat(StoreKeys.cronFired("nightly")).isEqualTo("docket:cron:nightly:fired");
    assertThat(StoreKeys.cronList(java.time.LocalDate.parse("2026-01-02")))
        .isEqualTo("docket:cron-list:2026-01-02");
    assertThat(StoreKeys.workflowRecentSeq()).isEqualTo("docket:wf-recent:seq");
    assertThat(StoreKeys.workflowRecent(7)).isEqualTo("docket:wf-recent:7");
  }
}
