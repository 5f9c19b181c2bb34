package org.rectifier.train;

import java.util.Locale;
import org.apache.spark.SparkContext;
import org.rectifier.train.loop.BarrierRunner;

/**
 * Spark properties a fit reads, checked before its first Spark job: a bad value then fails the
 * fit at once, instead of after the data was cached and a segment of steps ran.
 */
public final class TrainingConfigChecks {

  private TrainingConfigChecks() {}

  /**
   * Checks every Rectifier property of the calling thread and of {@code sc}'s configuration
   * that a fit reads.
   *
   * @throws InvalidInputException naming the property and its value
   */
  public static void check(SparkContext sc) {
    secondsPerJob(sc);
  }

  /**
   * The wall time per barrier job: the thread-local property
   * {@link BarrierRunner#SECONDS_PER_JOB_KEY}, or {@link BarrierRunner#SECONDS_PER_JOB} when
   * unset.
   *
   * @throws InvalidInputException unless the property is unset or a positive finite number
   */
  public static double secondsPerJob(SparkContext sc) {
    String value = sc.getLocalProperty(BarrierRunner.SECONDS_PER_JOB_KEY);
    if (value == null) {
      return BarrierRunner.SECONDS_PER_JOB;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new InvalidInputException(String.format(Locale.ROOT,
          "Spark property %s (a local property of the fitting thread) is '%s'; expected a"
              + " positive number of seconds (default %s)", BarrierRunner.SECONDS_PER_JOB_KEY,
          value, BarrierRunner.SECONDS_PER_JOB));
    }
    return seconds;
  }
}
