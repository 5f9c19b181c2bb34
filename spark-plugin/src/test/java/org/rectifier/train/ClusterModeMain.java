package org.rectifier.train;

import java.util.Arrays;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.testing.TestData;

/**
 * Run by {@link ClusterModeTest} in its own JVM against a {@code local-cluster} master, whose
 * executors are separate JVMs: barrier training then goes over the driver's TCP links, the path
 * real clusters take. Prints the comparison and exits non-zero on a mismatch.
 */
public final class ClusterModeMain {

  private ClusterModeMain() {}

  public static void main(String[] args) throws InterruptedException {
    SparkSession spark = SparkSession.builder().master("local-cluster[2,1,1024]")
        .appName("rectifier-cluster-mode").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.extraClassPath", args[0])
        .getOrCreate();
    int code = 1;
    try {
      // Training merges partitions down to the task slots registered when the fit starts.
      long deadline = System.currentTimeMillis() + 60_000;
      while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      Dataset<Row> data = TestData.blobs(spark, 60, 3, 4, 2.0, 5).repartition(2).cache();
      MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {8, 8})
          .setActivation("prelu").setBatchSize(16).setMaxIter(3).setSeed(12)
          .setValidationFraction(0.2);
      MLPClassificationModel barrier = est.copy(new ParamMap()).setExecutionMode("barrier")
          .fit(data);
      MLPClassificationModel perStep = est.copy(new ParamMap())
          .setExecutionMode("jobPerStep").fit(data);
      boolean weights = Arrays.equals(barrier.weights().toArray(), perStep.weights().toArray());
      boolean validation = Arrays.equals(barrier.summary().validationLossHistory(),
          perStep.summary().validationLossHistory());
      boolean sparsity = Arrays.deepEquals(barrier.summary().sparsityHistory(),
          perStep.summary().sparsityHistory());
      double accuracy = barrier.summary().accuracyHistory()[2];
      System.out.println("CLUSTER weights " + weights + " validation " + validation
          + " sparsity " + sparsity + " accuracy " + accuracy + " loss "
          + Arrays.toString(barrier.summary().lossHistory()));
      code = weights && validation && sparsity ? 0 : 1;
    } finally {
      spark.stop();
    }
    System.exit(code);
  }
}
