package org.rectifier.train.checkpoint;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;

/**
 * A driver to be killed: fits {@link DriverRestartIT#estimator()} with the checkpoint directory
 * given as the first argument, in local mode, in its own JVM.
 */
public final class CheckpointedFitMain {

  private CheckpointedFitMain() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("checkpointed-fit")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.hadoop.fs.stallfs.impl", StallingFileSystem.class.getName())
        .getOrCreate();
    try {
      Dataset<Row> data = DriverRestartIT.data(spark);
      MLPClassificationModel m = DriverRestartIT.estimator().setCheckpointDir(args[0]).fit(data);
      System.out.println("FIT DONE " + m.summary().totalIterations());
    } finally {
      spark.stop();
    }
  }
}
