package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/** CrossValidator and TrainValidationSplit tune Rectifier params inside a Pipeline. */
class TuningTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
  }

  @Test
  void crossValidatorOverActivationHiddenSizesAndStepSize() {
    Dataset<Row> data = TestData.rings(spark, 60, 4).cache();
    MLPClassifier mlp = new MLPClassifier().setFeaturesCol("scaled").setMaxIter(15)
        .setBatchSize(32).setSeed(1);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"), mlp});
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(mlp.activation(), scala.collection.JavaConverters.iterableAsScalaIterableConverter(
            java.util.List.of("relu", "sigmoid")).asScala())
        .addGrid(mlp.hiddenLayers(), scala.collection.JavaConverters.iterableAsScalaIterableConverter(
            java.util.List.of(new int[] {16}, new int[] {16, 16})).asScala())
        .addGrid(mlp.stepSize(), new double[] {0.001, 0.03})
        .build();
    assertEquals(8, grid.length);
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
        .setEstimatorParamMaps(grid).setNumFolds(2).setSeed(3)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .fit(data);
    double[] metrics = cv.avgMetrics();
    assertEquals(8, metrics.length);
    double best = java.util.Arrays.stream(metrics).max().getAsDouble();
    double worst = java.util.Arrays.stream(metrics).min().getAsDouble();
    assertTrue(best > worst, "the grid should matter");
    MLPClassificationModel bestMlp =
        (MLPClassificationModel) ((PipelineModel) cv.bestModel()).stages()[1];
    assertEquals(0.03, bestMlp.getStepSize(), "the larger step size wins in 15 epochs");
  }

  @Test
  void trainValidationSplitOverRegressorParams() {
    Dataset<Row> data = TestData.smoothRegression(spark, 300, 9).cache();
    MLPRegressor mlp = new MLPRegressor().setMaxIter(10).setBatchSize(32);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(mlp.batchSize(), new int[] {16, 64})
        .addGrid(mlp.regParam(), new double[] {0.0, 0.1})
        .build();
    TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(mlp)
        .setEstimatorParamMaps(grid).setTrainRatio(0.75).setSeed(2)
        .setEvaluator(new RegressionEvaluator().setMetricName("rmse"))
        .fit(data);
    assertEquals(4, tvs.validationMetrics().length);
    assertTrue(tvs.bestModel() instanceof MLPRegressionModel);
  }
}
