package org.rectifier.train.step;

import java.io.Serializable;
import java.util.Locale;

/**
 * What one epoch's steps moved over the network, per step: at the busiest task (the step waits
 * for it) and at the driver. Counts the collective's messages (headers and bodies); Spark's
 * transport adds a 21-byte frame per message and, with encryption, its cipher's overhead.
 */
public final class StepTraffic implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No traffic (local mode: tasks share arrays in the driver's JVM). */
  public static final StepTraffic NONE = new StepTraffic(0, 0, 0, 0, 0, 0, new double[3]);

  /** Bytes the busiest task sent per step. */
  public final double taskBytesOut;
  /** Bytes the busiest task received per step. */
  public final double taskBytesIn;
  /** Messages the busiest task sent per step. */
  public final double taskMessagesOut;
  /** Messages the busiest task received per step. */
  public final double taskMessagesIn;
  /** Bytes per step through the driver, both ways (the state it exchanges once per job). */
  public final double driverBytes;
  /** Messages per step through the driver, both ways. */
  public final double driverMessages;
  /**
   * Milliseconds per step of the busiest task in the reduce-scatter (sending its slices and
   * waiting for its peers', which includes waiting for the slowest peer's compute).
   */
  public final double scatterMillis;
  /** Milliseconds per step of the busiest task updating its shard. */
  public final double updateMillis;
  /** Milliseconds per step of the busiest task in the all-gather. */
  public final double gatherMillis;

  /**
   * @param phaseMillis per step, the busiest task's milliseconds in the reduce-scatter, the
   *     shard update and the all-gather
   */
  public StepTraffic(double taskBytesOut, double taskBytesIn, double taskMessagesOut,
      double taskMessagesIn, double driverBytes, double driverMessages, double[] phaseMillis) {
    this.taskBytesOut = taskBytesOut;
    this.taskBytesIn = taskBytesIn;
    this.taskMessagesOut = taskMessagesOut;
    this.taskMessagesIn = taskMessagesIn;
    this.driverBytes = driverBytes;
    this.driverMessages = driverMessages;
    this.scatterMillis = phaseMillis[0];
    this.updateMillis = phaseMillis[1];
    this.gatherMillis = phaseMillis[2];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "per step: busiest task sent %.0f B in %.1f messages,"
        + " received %.0f B in %.1f; driver %.0f B in %.2f messages; %.2f ms scatter,"
        + " %.2f ms update, %.2f ms gather", taskBytesOut, taskMessagesOut, taskBytesIn,
        taskMessagesIn, driverBytes, driverMessages, scatterMillis, updateMillis, gatherMillis);
  }
}
