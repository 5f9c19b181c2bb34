package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/** MLPRegressor fits a smooth non-linear function better than a linear model. */
class MLPRegressorTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
  }

  @Test
  void beatsLinearRegressionOnASmoothFunction() {
    Dataset<Row> data = TestData.smoothRegression(spark, 1200, 4).repartition(2).cache();
    Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 5);
    MLPRegressionModel mlp = new MLPRegressor().setHiddenLayers(new int[] {32, 32})
        .setStepSize(0.01).setBatchSize(64).setMaxIter(40).setSeed(2).fit(split[0]);
    RegressionEvaluator rmse = new RegressionEvaluator().setMetricName("rmse");
    double mlpRmse = rmse.evaluate(mlp.transform(split[1]));
    double linRmse = rmse.evaluate(new LinearRegression().fit(split[0]).transform(split[1]));
    assertTrue(mlpRmse < 0.5 * linRmse, "MLP rmse " + mlpRmse + " vs linear " + linRmse);
    assertEquals(2, mlp.numFeatures());
    assertEquals(1, mlp.getLayers()[mlp.getLayers().length - 1]);
    double[] acc = mlp.summary().accuracyHistory();
    assertTrue(Double.isNaN(acc[0]), "a regressor has no accuracy");
  }

  @Test
  void layersWithMoreThanOneOutputAreRejected() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new MLPRegressor().setLayers(new int[] {2, 4, 3})
            .fit(TestData.smoothRegression(spark, 10, 1)));
    assertTrue(e.getMessage().contains("output size must be 1"), e.getMessage());
  }
}
