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
    forcedGang(sc);
    networkCollective(sc);
    collectiveTimeoutMillis(sc);
    int port = sc.getConf().getInt("spark.rectifier.collective.port", 0);
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("Spark setting spark.rectifier.collective.port is " + port
          + "; expected 0 (any free port) or a port number up to 65535");
    }
  }

  /**
   * Whether barrier jobs in local mode run the cluster's all-reduce over loopback: the local
   * property or setting {@link BarrierRunner#COLLECTIVE_KEY}, {@code auto} (default) or
   * {@code network}.
   *
   * @throws InvalidInputException for any other value
   */
  public static boolean networkCollective(SparkContext sc) {
    String mode = sc.getLocalProperty(BarrierRunner.COLLECTIVE_KEY);
    if (mode == null) {
      mode = sc.getConf().get(BarrierRunner.COLLECTIVE_KEY, "auto");
    }
    if (!"auto".equals(mode) && !"network".equals(mode)) {
      throw new InvalidInputException("Spark property " + BarrierRunner.COLLECTIVE_KEY + " is '"
          + mode + "'; expected auto or network");
    }
    return "network".equals(mode);
  }

  /**
   * Whether barrier jobs run as ordinary-task gangs even where Spark runs barrier stages: the
   * local property or setting {@link BarrierRunner#GANG_KEY}, {@code false} by default.
   *
   * @throws InvalidInputException unless true or false
   */
  public static boolean forcedGang(SparkContext sc) {
    String v = sc.getLocalProperty(BarrierRunner.GANG_KEY);
    if (v == null) {
      v = sc.getConf().get(BarrierRunner.GANG_KEY, "false");
    }
    if (!"true".equals(v) && !"false".equals(v)) {
      throw new InvalidInputException("Spark property " + BarrierRunner.GANG_KEY + " is '" + v
          + "'; expected true or false");
    }
    return "true".equals(v);
  }

  /**
   * How long a training task waits for its peers: {@link BarrierRunner#TIMEOUT_KEY}, by default
   * {@code spark.network.timeout} (120 s).
   *
   * @throws InvalidInputException unless it is a positive duration
   */
  public static long collectiveTimeoutMillis(SparkContext sc) {
    String value = sc.getConf().get(BarrierRunner.TIMEOUT_KEY,
        sc.getConf().get("spark.network.timeout", "120s"));
    long millis;
    try {
      millis = org.apache.spark.network.util.JavaUtils.timeStringAsMs(value);
    } catch (RuntimeException e) {
      millis = -1;
    }
    if (millis <= 0) {
      throw new InvalidInputException("Spark setting " + BarrierRunner.TIMEOUT_KEY + " is '"
          + value + "'; expected a positive duration such as 120s or 2m");
    }
    return millis;
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
