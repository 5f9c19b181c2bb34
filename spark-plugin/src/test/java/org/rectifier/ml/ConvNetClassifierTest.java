package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rectifier.nn.conv.KernelLayouts;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;
import org.rectifier.train.InvalidInputException;

/**
 * {@link ConvNetClassifier} as a Spark ML estimator: it learns, it computes the same bits in
 * every execution mode, it persists and works in a Pipeline and a CrossValidator over its
 * architecture string, its summary shows the layers and per-channel dead units, and bad params
 * fail naming what is wrong.
 */
class ConvNetClassifierTest {

  static final String SMALL = "conv2d(4,3x3,relu) maxpool(2x2) flatten dense(16,relu)";

  private static SparkSession spark;
  private static Dataset<Row> bars;

  @TempDir
  java.nio.file.Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    bars = TestData.bars(spark, 60, 8, 3).withColumn("id",
        functions.monotonically_increasing_id()).cache();
  }

  private static ConvNetClassifier small() {
    return new ConvNetClassifier().setArchitecture(SMALL).setInputShape(new int[] {8, 8, 1})
        .setBatchSize(16).setMaxIter(8).setStepSize(0.01).setSeed(4);
  }

  @Test
  void learnsWhereAPositionFreeShapeDecidesTheClass() {
    ConvNetClassificationModel model = small().fit(bars);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(bars));
    assertTrue(accuracy > 0.9, "training accuracy " + accuracy + ", chance is 0.33");
    assertEquals(3, model.numClasses());
    assertEquals(64, model.numFeatures());
  }

  @Test
  void everyExecutionModeComputesTheSameBits() {
    // Two partitions: local[2] has two task slots, and barrier mode merges partitions beyond
    // the slots, which would sum the partial gradients in another grouping.
    Dataset<Row> two = bars.repartition(2).cache();
    ConvNetClassifier est = small().setMaxIter(2).setValidationFraction(0.2)
        .setArchitecture("conv2d(4,3x3,prelu,padding=same) maxpool(2x2) conv2d(3,2x2,elu,"
            + "stride=2) flatten dense(8,leaky_relu)");
    ConvNetClassificationModel perStep =
        est.copy(new ParamMap()).setExecutionMode("jobPerStep").fit(two);
    ConvNetClassificationModel barrier =
        est.copy(new ParamMap()).setExecutionMode("barrier").fit(two);
    ConvNetClassificationModel network;
    spark.sparkContext().setLocalProperty(
        org.rectifier.train.loop.BarrierRunner.COLLECTIVE_KEY, "network");
    try {
      network = est.copy(new ParamMap()).setExecutionMode("barrier").fit(two);
    } finally {
      spark.sparkContext().setLocalProperty(
          org.rectifier.train.loop.BarrierRunner.COLLECTIVE_KEY, null);
    }
    for (ConvNetClassificationModel m : List.of(barrier, network)) {
      assertArrayEquals(perStep.weights().toArray(), m.weights().toArray());
      assertArrayEquals(perStep.summary().lossHistory(), m.summary().lossHistory());
      assertArrayEquals(perStep.summary().validationLossHistory(),
          m.summary().validationLossHistory());
    }
    // And a rerun, the same again.
    assertArrayEquals(barrier.weights().toArray(),
        est.copy(new ParamMap()).setExecutionMode("barrier").fit(two).weights().toArray());
  }

  @Test
  void oneAndThreePartitionsOfTheSameRowsTrainAlike() {
    ConvNetClassifier est = small().setMaxIter(2);
    double[] one = est.fit(bars.orderBy("id").coalesce(1)).weights().toArray();
    Dataset<Row> split = bars.repartitionByRange(3, functions.col("id"))
        .sortWithinPartitions("id");
    double[] three = est.fit(split).weights().toArray();
    double worst = 0;
    for (int i = 0; i < one.length; i++) {
      worst = Math.max(worst, Math.abs(one[i] - three[i]));
    }
    // The same minibatches; only the order of the float32 partial sums differs.
    assertTrue(worst < 1e-4, "largest difference " + worst);
  }

  @Test
  void summaryShowsTheLayerTableAndPerChannelDeadUnits() {
    ConvNetClassificationModel model = small().setMaxIter(1).fit(bars);
    MLPTrainingSummary s = model.summary();
    assertArrayEquals(new String[] {"conv2d(4,3x3,relu)", "maxpool(2x2)", "flatten",
        "dense(16,relu)", "dense(3)"}, s.layerTable().layers());
    assertArrayEquals(new String[] {"6x6x4", "3x3x4", "36", "36".equals("") ? "" : "16", "3"},
        s.layerTable().outputShapes());
    assertArrayEquals(new int[] {40, 0, 0, 592, 51}, s.layerTable().params());
    assertEquals(s.layerTable().toString(), model.layerTable());
    assertTrue(model.layerTable().endsWith("Total params: 683"), model.layerTable());
    assertArrayEquals(new String[] {"conv2d(4,3x3,relu)", "dense(16,relu)"},
        s.activityLayers());
    boolean[][] dead = s.deadUnits();
    assertEquals(4, dead[0].length, "one flag per channel of the conv layer");
    assertEquals(16, dead[1].length);
    assertEquals(2, s.sparsityHistory()[0].length);
  }

  @Test
  void kernelsComeOutInEitherLayout() {
    ConvNetClassificationModel model = small().setMaxIter(1).fit(bars);
    float[] keras = model.convKernel(0, "keras");
    float[] torch = model.convKernel(0, "pytorch");
    assertEquals(3 * 3 * 1 * 4, keras.length);
    assertArrayEquals(keras, KernelLayouts.fromPyTorch(torch, 4, 1, 3, 3));
    assertEquals((float) model.weights().apply(0), keras[0], "stored as Keras HWIO");
    ErrorMessages.expect(IllegalArgumentException.class, () -> model.convKernel(1, "keras"),
        "layer 1 is not a conv2d layer");
  }

  @Test
  void persistsAndReloadsWithItsArchitectureInsideAPipeline() throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {small().setMaxIter(2)});
    PipelineModel model = pipeline.fit(bars);
    String path = dir.resolve("pipeline").toString();
    model.write().save(path);
    PipelineModel back = PipelineModel.load(path);
    ConvNetClassificationModel net = (ConvNetClassificationModel) back.stages()[0];
    assertEquals(SMALL, net.getArchitecture());
    assertArrayEquals(new int[] {8, 8, 1}, net.getInputShape());
    List<Row> a = model.transform(bars).select("probability").collectAsList();
    List<Row> b = back.transform(bars).select("probability").collectAsList();
    assertEquals(a, b, "the reloaded model predicts exactly the same");
    String estPath = dir.resolve("est").toString();
    small().write().save(estPath);
    assertEquals(SMALL, ConvNetClassifier.load(estPath).getArchitecture());
  }

  @Test
  void crossValidatorSearchesOverArchitectures() {
    ConvNetClassifier est = small().setMaxIter(3);
    String tiny = "conv2d(1,8x8) flatten dense(2)";
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(est.architecture(), scala.collection.JavaConverters.iterableAsScalaIterableConverter(
            List.of(tiny, SMALL)).asScala())
        .build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(est).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2).setSeed(1).fit(bars);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0], "the conv net beats a single 8x8 filter: "
        + java.util.Arrays.toString(metrics));
    assertEquals(SMALL, ((ConvNetClassificationModel) cv.bestModel()).getArchitecture());
  }

  @Test
  void badSpecsShapesAndFeatureSizesFailNamingTheParam() {
    InvalidInputException spec = ErrorMessages.expect(InvalidInputException.class,
        () -> small().setArchitecture("conv2d(4,3x3,relu) pool(2x2) flatten").fit(bars),
        "architecture: unknown layer 'pool' at 'pool(2x2)' (character 20)",
        "expected layers separated by spaces, from: conv2d(filters,HxW");
    assertTrue(spec.getMessage().contains("                   ^^^^^^^^^"), spec.getMessage());
    ErrorMessages.expect(InvalidInputException.class,
        () -> small().setArchitecture("conv2d(4,9x9,relu) flatten").fit(bars),
        "conv2d 9x9 (stride 1, valid) does not fit a 8x8x1 input: the output would be 0x0",
        "input", "(none: the shape vanishes)");
    ErrorMessages.expect(IllegalArgumentException.class,
        () -> small().setInputShape(new int[] {8, 8}),
        "inputShape", "3 positive sizes [height, width, channels]");
    ErrorMessages.expect(InvalidInputException.class,
        () -> small().setInputShape(new int[] {8, 4, 1}).fit(bars),
        "Column 'features', row 0 of partition", "a vector of size 64, but Param inputShape"
            + " [8, 4, 1] (height x width x channels) is 32");
    ErrorMessages.expect(InvalidInputException.class,
        () -> new ConvNetClassifier().fit(bars),
        "Param inputShape is not set; a Vector features column ('features') needs [height,"
            + " width, channels]");
  }
}
