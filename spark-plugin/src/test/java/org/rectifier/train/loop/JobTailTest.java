package org.rectifier.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobTailTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void nothingIsOverdueBeforeAnyTaskEnded() {
    JobTail tail = new JobTail();
    assertTrue(tail.overdue(3, 100 * SECOND, SECOND).isEmpty());
  }

  @Test
  void theTasksStillRunningATimeoutAfterTheFirstEndAreOverdue() {
    JobTail tail = new JobTail();
    tail.ended(1, 10 * SECOND);
    tail.ended(3, 11 * SECOND);
    assertTrue(tail.overdue(4, 12 * SECOND, 6 * SECOND).isEmpty(), "within the timeout");
    assertEquals(List.of(0, 2), tail.overdue(4, 17 * SECOND, 6 * SECOND));
    assertEquals(7.0, tail.secondsSinceFirstEnd(17 * SECOND), 1e-9);
    tail.ended(0, 17 * SECOND);
    tail.ended(2, 17 * SECOND);
    assertTrue(tail.overdue(4, 30 * SECOND, 6 * SECOND).isEmpty(), "all ended");
  }
}
