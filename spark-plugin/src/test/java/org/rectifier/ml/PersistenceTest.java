package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/**
 * Estimators and models round-trip through Spark ML persistence (JSON metadata + Parquet), on
 * their own and inside a Pipeline, and a reloaded model predicts exactly what the original did.
 */
class PersistenceTest {

  private static SparkSession spark;
  private static Dataset<Row> data;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    data = TestData.blobs(spark, 30, 3, 4, 2.0, 1).cache();
  }

  @Test
  void classifierEstimatorKeepsEveryParam() throws IOException {
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {7, 5})
        .setActivation("leaky_relu").setActivationAlpha(0.2).setSolver("sgd").setMomentum(0.5)
        .setStepSize(0.05).setBatchSize(33).setMaxIter(4).setTol(0.01).setSeed(42)
        .setRegParam(0.001).setWeightCol("w").setInitialWeights(Vectors.dense(1, 2, 3));
    String path = dir.resolve("est").toString();
    est.write().save(path);
    MLPClassifier back = MLPClassifier.load(path);
    assertEquals(est.uid(), back.uid());
    assertArrayEquals(new int[] {7, 5}, back.getHiddenLayers());
    assertEquals("leaky_relu", back.getActivation());
    assertEquals(0.2, back.getActivationAlpha());
    assertEquals("sgd", back.getSolver());
    assertEquals(0.5, back.getMomentum());
    assertEquals(0.05, back.getStepSize());
    assertEquals(33, back.getBatchSize());
    assertEquals(4, back.getMaxIter());
    assertEquals(0.01, back.getTol());
    assertEquals(42L, back.getSeed());
    assertEquals(0.001, back.getRegParam());
    assertEquals("w", back.getWeightCol());
    assertEquals(Vectors.dense(1, 2, 3), back.getInitialWeights());
    assertFalse(back.isSet(back.layers()));
  }

  @Test
  void classificationModelPredictsIdenticallyAfterReload() throws IOException {
    for (String activation : new String[] {"prelu", "elu", "gelu"}) {
      MLPClassificationModel model = new MLPClassifier().setHiddenLayers(new int[] {6})
          .setActivation(activation).setMaxIter(3).setBatchSize(16).fit(data);
      String path = dir.resolve("model-" + activation).toString();
      model.write().save(path);
      assertTrue(Files.isDirectory(dir.resolve("model-" + activation).resolve("metadata")));
      assertTrue(Files.isDirectory(dir.resolve("model-" + activation).resolve("data")));
      MLPClassificationModel back = MLPClassificationModel.load(path);
      assertEquals(model.uid(), back.uid());
      assertArrayEquals(model.weights().toArray(), back.weights().toArray());
      assertArrayEquals(model.getLayers(), back.getLayers());
      assertEquals(activation, back.getActivation());
      assertFalse(back.hasSummary());
      SparkTestSupport.assertDataFrameEquals(
          model.transform(data).drop("features"), back.transform(data).drop("features"));
    }
  }

  @Test
  void regressionModelPredictsIdenticallyAfterReload() throws IOException {
    Dataset<Row> reg = TestData.smoothRegression(spark, 100, 2);
    MLPRegressionModel model = new MLPRegressor().setHiddenLayers(new int[] {8}).setMaxIter(2)
        .fit(reg);
    String path = dir.resolve("reg").toString();
    model.write().save(path);
    MLPRegressionModel back = MLPRegressionModel.load(path);
    assertArrayEquals(model.weights().toArray(), back.weights().toArray());
    SparkTestSupport.assertDataFrameEquals(model.transform(reg), back.transform(reg));
    MLPRegressor est = new MLPRegressor().setActivation("selu").setMaxIter(2);
    est.write().save(dir.resolve("reg-est").toString());
    assertEquals("selu", MLPRegressor.load(dir.resolve("reg-est").toString()).getActivation());
  }

  @Test
  void pipelineWithMlpRoundTrips() throws IOException {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new MLPClassifier().setFeaturesCol("scaled").setHiddenLayers(new int[] {5})
            .setMaxIter(2)});
    pipeline.write().save(dir.resolve("pipeline").toString());
    Pipeline pipelineBack = Pipeline.load(dir.resolve("pipeline").toString());
    assertEquals(2, pipelineBack.getStages().length);
    PipelineModel fitted = pipelineBack.fit(data);
    fitted.write().save(dir.resolve("pipeline-model").toString());
    PipelineModel back = PipelineModel.load(dir.resolve("pipeline-model").toString());
    assertTrue(back.stages()[1] instanceof MLPClassificationModel);
    SparkTestSupport.assertDataFrameEquals(
        fitted.transform(data).select("prediction", "probability"),
        back.transform(data).select("prediction", "probability"));
  }

  /** Every training-control param, set away from its default, on both estimators. */
  private static <T extends org.rectifier.ml.params.EstimatorSetters<T>> T controls(T est) {
    return est.setDropout(0.25).setInputDropout(0.05).setStepSizeSchedule("cosine")
        .setDecayRate(0.8).setDecayEpochs(3).setMinStepSize(1e-4).setDecayPatience(2)
        .setWarmupEpochs(1).setClipNorm(2.5).setSolver("adamw").setWeightDecay(0.02)
        .setElasticNetParam(0.3).setEarlyStoppingPatience(3).setEarlyStoppingMetric("loss")
        .setRestoreBestWeights(false);
  }

  private static void assertControls(org.rectifier.ml.params.MLPParams p) {
    assertEquals(0.25, p.getDropout());
    assertEquals(0.05, p.getInputDropout());
    assertEquals("cosine", p.getStepSizeSchedule());
    assertEquals(0.8, p.getDecayRate());
    assertEquals(3, p.getDecayEpochs());
    assertEquals(1e-4, p.getMinStepSize());
    assertEquals(2, p.getDecayPatience());
    assertEquals(1, p.getWarmupEpochs());
    assertEquals(2.5, p.getClipNorm());
    assertEquals("adamw", p.getSolver());
    assertEquals(0.02, p.getWeightDecay());
    assertEquals(0.3, p.getElasticNetParam());
    assertEquals(3, p.getEarlyStoppingPatience());
    assertEquals("loss", p.getEarlyStoppingMetric());
    assertFalse(p.getRestoreBestWeights());
  }

  @Test
  void everyTrainingControlRoundTripsThroughPipelineSaveAndLoad() throws IOException {
    Dataset<Row> marked = data.withColumn("val",
        org.apache.spark.sql.functions.expr("rand(3) < 0.2"));
    MLPClassifier classifier = controls(new MLPClassifier()).setHiddenLayers(new int[] {6})
        .setMaxIter(3).setValidationIndicatorCol("val")
        .setClassWeights(new double[] {1, 2, 0.5});
    MLPRegressor regressor = controls(new MLPRegressor()).setHiddenLayers(new int[] {4})
        .setMaxIter(2).setPredictionCol("score").setValidationIndicatorCol("val");
    MLPClassifier balanced = new MLPClassifier().setClassBalance("balanced")
        .setEarlyStoppingMetric("accuracy").setPredictionCol("p2").setRawPredictionCol("r2")
        .setProbabilityCol("pr2").setMaxIter(1);
    Pipeline pipeline = new Pipeline().setStages(
        new PipelineStage[] {classifier, regressor, balanced});
    pipeline.write().save(dir.resolve("controls").toString());
    PipelineStage[] stages = Pipeline.load(dir.resolve("controls").toString()).getStages();
    MLPClassifier c = (MLPClassifier) stages[0];
    MLPRegressor r = (MLPRegressor) stages[1];
    MLPClassifier b = (MLPClassifier) stages[2];
    assertControls(c);
    assertControls(r);
    assertEquals("val", c.getValidationIndicatorCol());
    assertArrayEquals(new double[] {1, 2, 0.5}, c.getClassWeights());
    assertEquals("none", c.getClassBalance());
    assertEquals("val", r.getValidationIndicatorCol());
    assertEquals("balanced", b.getClassBalance());
    assertEquals("accuracy", b.getEarlyStoppingMetric());
    assertEquals(null, b.getClassWeights());
    // The fitted models carry the params too, through PipelineModel save and load.
    PipelineModel fitted = new Pipeline().setStages(stages).fit(marked);
    fitted.write().save(dir.resolve("controls-model").toString());
    PipelineModel back = PipelineModel.load(dir.resolve("controls-model").toString());
    MLPClassificationModel cm = (MLPClassificationModel) back.stages()[0];
    assertControls(cm);
    assertArrayEquals(new double[] {1, 2, 0.5}, cm.getClassWeights());
    assertControls((MLPRegressionModel) back.stages()[1]);
    assertEquals("balanced", ((MLPClassificationModel) back.stages()[2]).getClassBalance());
    SparkTestSupport.assertDataFrameEquals(
        fitted.transform(marked).select("prediction", "score", "p2"),
        back.transform(marked).select("prediction", "score", "p2"));
  }
}
