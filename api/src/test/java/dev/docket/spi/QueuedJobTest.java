package dev.docket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuedJobTest {

  private static QueuedJob job(long size, byte[] preview) {
    return new QueuedJob("q", "id-1", QueuedJob.State.READY, 3, Map.of(Headers.TASK, "t"), null,
        Instant.EPOCH, 0, size, preview);
  }

  @Test
  void previewOf_keepsAtMostPreviewBytes() {
    assertThat(QueuedJob.previewOf(new byte[10])).hasSize(10);
    assertThat(QueuedJob.previewOf(new byte[10_000])).hasSize(QueueBrowser.PREVIEW_BYTES);
  }

  @Test
  void construct_copiesThePreview_andReadsTheTaskHeader() {
    byte[] preview = {1, 2, 3};
    QueuedJob j = job(3, preview);
    preview[0] = 9;
    assertThat(j.preview()).containsExactly(1, 2, 3);
    j.preview()[1] = 9;
    assertThat(j.preview()).containsExactly(1, 2, 3);
    assertThat(j.task()).isEqualTo("t");
  }

  @Test
  void construct_previewLongerThanTheBody_isRefused() {
    assertThatThrownBy(() -> job(2, new byte[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than the body");
  }

  @Test
  void unsupported_saysWhy_andCheckLimit_boundsPages() {
    QueueBrowser none = QueueBrowser.unsupported("no peeking here");
    assertThatThrownBy(() -> none.queues(null, 1))
        .isInstanceOf(UnsupportedOperationException.class).hasMessage("no peeking here");
    assertThatThrownBy(() -> none.job("q", "x"))
        .isInstanceOf(UnsupportedOperationException.class).hasMessage("no peeking here");
    assertThat(QueueBrowser.checkLimit(QueueBrowser.MAX_PAGE)).isEqualTo(QueueBrowser.MAX_PAGE);
    assertThatThrownBy(() -> QueueBrowser.checkLimit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and");
  }
}
