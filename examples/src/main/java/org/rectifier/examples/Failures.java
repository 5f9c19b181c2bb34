package org.rectifier.examples;

import java.util.Locale;

/** The one-line failure reports of {@link Train}. */
final class Failures {

  private Failures() {}

  /**
   * "Train failed while STEP: MESSAGE"; an exception without a message is named by its class,
   * so a bare NullPointerException still says what it is and which file the job was on.
   */
  static String line(Throwable e, String step) {
    String message = e.getMessage();
    String what = message == null || message.isBlank()
        ? e.getClass().getName() + " (no message)"
        : message;
    return "Train failed while " + step + ": " + what;
  }

  /**
   * What ran out, and the setting that gives the driver more: the driver holds the IDX rows
   * and, in local mode, every task's memory too.
   *
   * @param maxHeap the driver's maximum heap in bytes ({@code Runtime.maxMemory()})
   */
  static String outOfMemory(OutOfMemoryError e, String step, long maxHeap) {
    long mb = maxHeap / (1024 * 1024);
    long suggestGb = Math.max(2, (2 * mb + 1023) / 1024);
    return String.format(Locale.ROOT,
        "Train ran out of memory while %s (%s; the driver's heap is at most %d MB). Give the"
            + " driver more memory: --driver-memory %dg with spark-submit, -Xmx%dg with java"
            + " (examples/run.sh: JAVA_OPTS=-Xmx%dg)", step,
        e.getMessage() == null ? "OutOfMemoryError" : e.getMessage(), mb, suggestGb, suggestGb,
        suggestGb);
  }
}
