package dev.docket.tck;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The workflow rules as {@link Nested} groups: cron schedules (W1), chains (W2), groups and
 * chords (W3), their listings (W4), on the broker and store of the enclosing {@link TckSuite}'s fixture. Run them
 * through {@link WorkflowKit} or {@link DocketTck}.
 *
 * @since 0.3
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class WorkflowRules {

  /** W1: cron schedules, see {@link CronContract}. */
  @Nested
  @Order(1)
  @DisplayName("W1 cron schedules")
  class Cron extends CronContract {}

  /** W2: chains, see {@link ChainContract}. */
  @Nested
  @Order(2)
  @DisplayName("W2 chains")
  class Chains extends ChainContract {}

  /** W3: groups and chords, see {@link GroupChordContract}. */
  @Nested
  @Order(3)
  @DisplayName("W3 groups and chords")
  class GroupsAndChords extends GroupChordContract {}

  /** W4: schedule and workflow listings, see {@link ListingContract}. */
  @Nested
  @Order(4)
  @DisplayName("W4 listings")
  class Listings extends ListingContract {}
}
