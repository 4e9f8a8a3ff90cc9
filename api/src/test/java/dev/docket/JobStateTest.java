package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobStateTest {
  @ParameterizedTest
  @CsvSource({
      "PENDING,STARTED,true", "PENDING,DEAD,true", "PENDING,SUCCESS,false",
      "STARTED,SUCCESS,true", "STARTED,FAILURE,true", "STARTED,RETRY,true",
      "STARTED,STARTED,true", "RETRY,STARTED,true", "RETRY,SUCCESS,false",
      "SUCCESS,STARTED,false", "SUCCESS,PENDING,false", "FAILURE,PENDING,true",
      "DEAD,PENDING,true", "FAILURE,STARTED,false"})
  void canMoveTo_followsTheTable(JobState from, JobState to, boolean legal) {
    assertThat(from.canMoveTo(to)).isEqualTo(legal);
  }

  @Test
  void moveTo_illegal_namesBothStates() {
    assertThatThrownBy(() -> JobState.SUCCESS.moveTo(JobState.RETRY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a job cannot move from SUCCESS to RETRY");
  }

  @Test
  void terminalStates_areSuccessFailureAndDead() {
    assertThat(JobState.values()).filteredOn(JobState::isTerminal)
        .containsExactlyInAnyOrder(JobState.SUCCESS, JobState.FAILURE, JobState.DEAD);
  }
}
