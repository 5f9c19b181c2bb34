package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.loop.BarrierRunner;

/**
 * Inputs that are only wrong as a whole, and settings a fit reads later, fail at the start of
 * the fit with a message naming the column or property: all-zero row weights, a label column
 * of IDs, a bad {@code spark.rectifier.barrier.secondsPerJob}.
 */
class FitInputChecksTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
  }

  private static MLPClassifier quick() {
    return new MLPClassifier().setHiddenLayers(new int[] {3}).setMaxIter(1);
  }

  /** Two features; row i has label labels[i] and weight weights[i]; two partitions. */
  private static Dataset<Row> frame(double[] labels, double[] weights) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(i % 3, i % 5), labels[i], weights[i]));
    }
    return spark.createDataFrame(rows, TestData.schema().add("w", DataTypes.DoubleType))
        .coalesce(2);
  }

  private static void assertMessage(Runnable fit, String... parts) {
    ErrorMessages.expect(InvalidInputException.class, fit::run, parts);
  }

  @Test
  void allZeroRowWeights() {
    Dataset<Row> zero = frame(new double[] {0, 1, 0, 1, 1, 0}, new double[6]);
    assertMessage(() -> quick().setWeightCol("w").fit(zero),
        "Column 'w': every row weight is 0 (6 rows); expected at least one weight > 0");
    assertMessage(() -> new MLPRegressor().setMaxIter(1).setWeightCol("w").fit(zero),
        "Column 'w': every row weight is 0");
    // One positive weight anywhere is enough: the check is on the total, not per partition.
    Dataset<Row> one = frame(new double[] {0, 1, 0, 1, 1, 0}, new double[] {0, 0, 0, 0, 0, 2});
    MLPClassificationModel model = quick().setWeightCol("w").fit(one);
    assertTrue(Double.isFinite(model.summary().lossHistory()[0]));
  }

  @Test
  void labelsThatLookLikeIds() {
    double[] ids = {0, 5000, 123456, 5000, 0, 123456};
    assertMessage(() -> quick().fit(frame(ids, new double[6])),
        "Column 'label' does not look like class indices: its largest label is 123456 but it"
            + " holds 3 distinct labels", "123457 units", "StringIndexer");
    // The boundary: the largest label above 1000 and more than 10x the distinct count.
    assertMessage(() -> quick().fit(frame(spaced(100, 1010), new double[100])),
        "largest label is 1010 but it holds 100 distinct labels");
    MLPClassificationModel ok = quick().setMaxIter(0).fit(frame(spaced(101, 1010),
        new double[101]));
    assertEquals(1011, ok.numClasses());
    // Set layers, and the output size is the user's call: no guessing from the labels.
    MLPClassificationModel sized = quick().setMaxIter(0).setLayers(new int[] {2, 3, 123457})
        .fit(frame(ids, new double[6]));
    assertArrayEquals(new int[] {2, 3, 123457}, sized.getLayers());
  }

  /** {@code n} distinct labels from 0 to {@code max}, evenly spaced. */
  private static double[] spaced(int n, int max) {
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = Math.round((double) max * i / (n - 1));
    }
    return labels;
  }

  @Test
  void badSecondsPerJobFailsBeforeAnySparkJob() throws Exception {
    Dataset<Row> data = TestData.xor(spark, 2).cache();
    data.count();
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      for (String bad : new String[] {"abc", "0", "-1", "NaN", "Infinity"}) {
        spark.sparkContext().setLocalProperty(BarrierRunner.SECONDS_PER_JOB_KEY, bad);
        assertMessage(() -> quick().fit(data), "Spark property"
            + " spark.rectifier.barrier.secondsPerJob", "is '" + bad + "'",
            "expected a positive number of seconds");
        spark.sparkContext().listenerBus().waitUntilEmpty();
        assertEquals(0, jobs.get(), "Spark jobs started before '" + bad + "' was refused");
      }
      // The same fit with a good value runs jobs, so the count above could have caught one.
      spark.sparkContext().setLocalProperty(BarrierRunner.SECONDS_PER_JOB_KEY, "5");
      quick().fit(data);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(jobs.get() > 0, "a fit ran no Spark job?");
    } finally {
      spark.sparkContext().setLocalProperty(BarrierRunner.SECONDS_PER_JOB_KEY, null);
      spark.sparkContext().removeSparkListener(counter);
      data.unpersist();
    }
  }

  @Test
  void aBadCollectiveModeFailsBeforeAnySparkJob() {
    Dataset<Row> data = TestData.xor(spark, 2);
    spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, "tcp");
    try {
      assertMessage(() -> quick().fit(data), "Spark property"
          + " spark.rectifier.barrier.collective is 'tcp'", "expected auto or network");
    } finally {
      spark.sparkContext().setLocalProperty(BarrierRunner.COLLECTIVE_KEY, null);
    }
  }
}
