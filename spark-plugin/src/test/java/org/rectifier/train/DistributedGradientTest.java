package org.rectifier.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.ml.MLPClassificationModel;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activations;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.testing.TestData;

/**
 * The Spark path computes the engine's gradient: one full-batch SGD step with learning rate 1
 * moves the weights by exactly the mean gradient, whatever the partitioning, and repeated fits
 * are bitwise identical.
 */
class DistributedGradientTest {

  private static final int[] LAYERS = {4, 6, 5, 3};
  private static SparkSession spark;
  private static Dataset<Row> data;
  private static List<Row> rows;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    data = TestData.blobs(spark, 40, 3, 4, 2.0, 5).cache();
    rows = data.collectAsList();
  }

  private static MLPClassifier oneFullBatchSgdStep(String activation, Vector initial) {
    return new MLPClassifier().setLayers(LAYERS).setActivation(activation)
        .setSolver("sgd").setStepSize(1.0).setMomentum(0.0)
        .setBatchSize(rows.size()).setMaxIter(1).setInitialWeights(initial);
  }

  /** The engine's mean gradient over every row, in float32 like the executors. */
  private static double[] engineMeanGradient(Topology topology, double[] w) {
    int n = rows.size();
    float[] x = new float[n * LAYERS[0]];
    float[] y = new float[n];
    for (int r = 0; r < n; r++) {
      double[] f = ((Vector) rows.get(r).get(0)).toArray();
      for (int j = 0; j < f.length; j++) {
        x[r * LAYERS[0] + j] = (float) f[j];
      }
      y[r] = (float) rows.get(r).getDouble(1);
    }
    float[] params = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      params[i] = (float) w[i];
    }
    float[] grad = new float[w.length];
    new Network(topology, n).gradient(params, x, y, null, n, grad);
    double[] mean = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      mean[i] = grad[i] / (double) n;
    }
    return mean;
  }

  @Test
  void oneSparkStepEqualsTheEngineGradientForEveryPartitioning() {
    for (String activation : List.of("relu", "prelu", "tanh")) {
      Topology topology = Topology.classifier(LAYERS, Activations.create(activation, Double.NaN));
      double[] w0 = topology.initialWeights(17);
      double[] expectedGrad = engineMeanGradient(topology, w0);
      for (int partitions : new int[] {1, 3, 8}) {
        MLPClassificationModel model = oneFullBatchSgdStep(activation, Vectors.dense(w0))
            .fit(data.repartition(partitions));
        double[] w1 = model.weights().toArray();
        for (int i = 0; i < w0.length; i++) {
          double sparkGrad = w0[i] - w1[i];
          assertEquals(expectedGrad[i], sparkGrad, 1e-5 + 1e-4 * Math.abs(expectedGrad[i]),
              activation + " with " + partitions + " partitions, parameter " + i);
        }
      }
    }
  }

  @Test
  void sgdWithoutMomentumIsExactlyWeightsMinusStepTimesGradient() {
    Topology topology = Topology.classifier(LAYERS, Activations.create("relu", Double.NaN));
    double[] w0 = topology.initialWeights(3);
    double[] step1 = oneFullBatchSgdStep("relu", Vectors.dense(w0)).setStepSize(1.0)
        .fit(data.coalesce(1)).weights().toArray();
    double[] stepHalf = oneFullBatchSgdStep("relu", Vectors.dense(w0)).setStepSize(0.5)
        .fit(data.coalesce(1)).weights().toArray();
    for (int i = 0; i < w0.length; i++) {
      double grad = w0[i] - step1[i];
      assertEquals(w0[i] - 0.5 * grad, stepHalf[i], 1e-12, "parameter " + i);
    }
  }

  @Test
  void sameSeedDataAndPartitioningGiveBitwiseIdenticalWeights() {
    Dataset<Row> parts = data.repartition(4).cache();
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {8, 8})
        .setActivation("leaky_relu").setBatchSize(16).setMaxIter(3).setSeed(99);
    double[] a = est.fit(parts).weights().toArray();
    double[] b = est.fit(parts).weights().toArray();
    assertArrayEquals(a, b);
    double[] c = est.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(100)
        .fit(parts).weights().toArray();
    assertTrue(a[0] != c[0], "a different seed should give different weights");
  }

  /**
   * Minibatches are chosen by a row's position in the DataFrame's order, so the same rows in the
   * same order train alike however they are split into partitions.
   */
  @Test
  void manyPartitionsTrainLikeOne() {
    Dataset<Row> ordered = data.withColumn("id", functions.monotonically_increasing_id());
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setBatchSize(20).setMaxIter(3).setSeed(5);
    double[] one = est.fit(ordered.orderBy("id").coalesce(1)).weights().toArray();
    Dataset<Row> split = ordered.repartitionByRange(8, functions.col("id"))
        .sortWithinPartitions("id");
    assertEquals(8, split.rdd().getNumPartitions());
    double[] eight = est.fit(split).weights().toArray();
    for (int i = 0; i < one.length; i++) {
      assertEquals(one[i], eight[i], 1e-4, "parameter " + i);
    }
  }

  @Test
  void barrierAndJobPerStepModesComputeTheSameBits() {
    Dataset<Row> two = data.repartition(2).cache();
    // 64x64 hidden: over 4,000 parameters, so local barrier tasks split the reduce into two
    // ranges with the second layer's weights in both.
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {64, 64})
        .setActivation("prelu").setBatchSize(16).setMaxIter(3).setSeed(12).setRegParam(0.01);
    MLPClassificationModel barrier = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setExecutionMode("barrier").fit(two);
    MLPClassificationModel perStep = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setExecutionMode("jobPerStep").fit(two);
    assertArrayEquals(perStep.weights().toArray(), barrier.weights().toArray());
    assertArrayEquals(perStep.summary().lossHistory(), barrier.summary().lossHistory());
    assertArrayEquals(perStep.summary().sparsityHistory()[2],
        barrier.summary().sparsityHistory()[2]);
    assertArrayEquals(perStep.summary().deadUnitHistory()[2],
        barrier.summary().deadUnitHistory()[2]);
    assertArrayEquals(perStep.summary().gradientNormHistory()[2],
        barrier.summary().gradientNormHistory()[2]);
  }

  /**
   * The sharded all-reduce over Spark's transport (forced in local mode, where it would
   * otherwise share arrays) computes the bits of the other modes: for a net whose shards split
   * a layer, and for a tiny one where partition 0 owns no parameters at all.
   */
  @Test
  void networkCollectiveComputesTheSameBitsAsTheOtherModes() {
    Dataset<Row> two = data.repartition(2).cache();
    for (int[] hidden : new int[][] {{64, 64}, {6, 5}}) {
      MLPClassifier est = new MLPClassifier().setHiddenLayers(hidden).setActivation("prelu")
          .setBatchSize(16).setMaxIter(3).setSeed(12).setRegParam(0.01)
          .setValidationFraction(0.2);
      MLPClassificationModel perStep = est.copy(new org.apache.spark.ml.param.ParamMap())
          .setExecutionMode("jobPerStep").fit(two);
      MLPClassificationModel local = est.copy(new org.apache.spark.ml.param.ParamMap())
          .setExecutionMode("barrier").fit(two);
      MLPClassificationModel network;
      MLPClassificationModel gang;
      spark.sparkContext().setLocalProperty(
          org.rectifier.train.loop.BarrierRunner.COLLECTIVE_KEY, "network");
      try {
        network = est.copy(new org.apache.spark.ml.param.ParamMap())
            .setExecutionMode("barrier").fit(two);
        // The path dynamic allocation takes: ordinary tasks meeting at the rendezvous.
        spark.sparkContext().setLocalProperty(
            org.rectifier.train.loop.BarrierRunner.GANG_KEY, "true");
        gang = est.copy(new org.apache.spark.ml.param.ParamMap())
            .setExecutionMode("barrier").fit(two);
      } finally {
        spark.sparkContext().setLocalProperty(
            org.rectifier.train.loop.BarrierRunner.COLLECTIVE_KEY, null);
        spark.sparkContext().setLocalProperty(
            org.rectifier.train.loop.BarrierRunner.GANG_KEY, null);
      }
      assertEquals("gang", gang.summary().executionPath());
      assertEquals("barrier", network.summary().executionPath());
      String net = java.util.Arrays.toString(hidden);
      for (MLPClassificationModel m : List.of(local, network, gang)) {
        assertArrayEquals(perStep.weights().toArray(), m.weights().toArray(), net);
        assertArrayEquals(perStep.summary().lossHistory(), m.summary().lossHistory(), net);
        assertArrayEquals(perStep.summary().validationLossHistory(),
            m.summary().validationLossHistory(), net);
        assertArrayEquals(perStep.summary().sparsityHistory()[2],
            m.summary().sparsityHistory()[2], net);
        assertArrayEquals(perStep.summary().deadUnitHistory()[2],
            m.summary().deadUnitHistory()[2], net);
        assertArrayEquals(perStep.summary().gradientNormHistory()[2],
            m.summary().gradientNormHistory()[2], net);
      }
      // Per step each task sends the other its half of the gradient and of the parameters:
      // one parameter vector of float32 in all (plus, per job, the initial shards; this
      // epoch has two steps), never the two vectors of a star through the driver.
      double params = perStep.weights().size();
      org.rectifier.train.step.StepTraffic t = network.summary().trafficHistory().get(2);
      assertTrue(t.taskBytesOut > 0 && t.taskBytesOut < 1.5 * 4 * params + 1000, net + ": " + t);
      assertEquals(0.0, local.summary().trafficHistory().get(2).taskBytesOut, net);
    }
  }

  /**
   * The validation figures after an epoch are the final weights' loss and accuracy on exactly
   * the held-out rows, the same in every execution mode.
   */
  @Test
  void validationFiguresAreTheModelsLossOnTheHeldOutRows() {
    Dataset<Row> ordered = data.coalesce(1).cache();
    List<Row> all = ordered.collectAsList();
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setValidationFraction(0.25).setMaxIter(3).setBatchSize(16).setSeed(21);
    MLPClassificationModel model = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setExecutionMode("jobPerStep").fit(ordered);
    long[] held = new org.rectifier.nn.Holdout(all.size(), 0.25, 21).validationRows();
    double loss = 0;
    double right = 0;
    for (long i : held) {
      Row row = all.get((int) i);
      Vector p = model.raw2probability(model.predictRaw((Vector) row.get(0)));
      int label = (int) row.getDouble(1);
      loss -= Math.log(p.apply(label));
      right += p.argmax() == label ? 1 : 0;
    }
    double[] validationLoss = model.summary().validationLossHistory();
    assertEquals(3, validationLoss.length);
    assertEquals(loss / held.length, validationLoss[2], 1e-4);
    assertEquals(right / held.length, model.summary().validationAccuracyHistory()[2], 1e-12);
    MLPClassificationModel barrier = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setExecutionMode("barrier").fit(ordered.repartition(1));
    assertArrayEquals(validationLoss, barrier.summary().validationLossHistory());
    double[] none = new MLPClassifier().setHiddenLayers(new int[] {4}).setMaxIter(1).fit(data)
        .summary().validationLossHistory();
    assertTrue(Double.isNaN(none[0]));
  }

  /** The gradient norms per layer show sigmoid's vanishing gradient in a deep network. */
  @Test
  void gradientNormsShowTheVanishingGradientOfDeepSigmoidNets() {
    MLPClassifier deep = new MLPClassifier().setHiddenLayers(new int[] {16, 16, 16, 16, 16, 16})
        .setMaxIter(1).setBatchSize(20).setSeed(4);
    double[] sigmoid = deep.copy(new org.apache.spark.ml.param.ParamMap())
        .setActivation("sigmoid").fit(data).summary().gradientNormHistory()[0];
    double[] relu = deep.copy(new org.apache.spark.ml.param.ParamMap())
        .setActivation("relu").fit(data).summary().gradientNormHistory()[0];
    assertEquals(7, sigmoid.length, "six hidden layers and the output layer");
    double sigmoidRatio = sigmoid[0] / sigmoid[5];
    double reluRatio = relu[0] / relu[5];
    assertTrue(sigmoidRatio < reluRatio / 10, "first/last hidden gradient norm: sigmoid "
        + sigmoidRatio + ", relu " + reluRatio);
  }

  /** Long epochs are split into several barrier jobs, each naming its steps; same bits. */
  @Test
  void barrierEpochsSplitIntoJobsByWallTimeKeepTheBits() throws Exception {
    Dataset<Row> two = data.repartition(2).cache();
    MLPClassifier est = new MLPClassifier().setHiddenLayers(new int[] {8})
        .setBatchSize(8).setMaxIter(3).setSeed(12);
    List<String> descriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.apache.spark.scheduler.SparkListener listener =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
            String d = job.properties().getProperty("spark.job.description");
            if (d != null && d.contains("(barrier)")) {
              descriptions.add(d);
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    spark.sparkContext().setLocalProperty(org.rectifier.train.loop.BarrierRunner.SECONDS_PER_JOB_KEY, "0.000001");
    double[] split;
    try {
      split = est.copy(new org.apache.spark.ml.param.ParamMap()).setExecutionMode("barrier")
          .fit(two).weights().toArray();
    } finally {
      spark.sparkContext().setLocalProperty(org.rectifier.train.loop.BarrierRunner.SECONDS_PER_JOB_KEY, null);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(listener);
    }
    double[] perStep = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setExecutionMode("jobPerStep").fit(two).weights().toArray();
    assertArrayEquals(perStep, split);
    assertTrue(descriptions.size() > 3, "jobs: " + descriptions);
    assertTrue(descriptions.get(0).matches("MLPClassifier: epoch 1/3, steps 1-15 of 15 \\(barrier\\)"),
        descriptions.get(0));
    assertTrue(descriptions.stream().anyMatch(d -> d.matches(".*epoch 3/3, steps [0-9]+-15 of 15.*")
        && !d.contains("steps 1-15")), descriptions.toString());
  }

  @Test
  void summaryShowsDeadReluUnitsAndLiveLeakyOnes() {
    int[] layers = {4, 6, 3};
    Topology topology = Topology.classifier(layers, Activations.create("relu", Double.NaN));
    double[] w0 = topology.initialWeights(2);
    for (int i = 0; i < 6; i++) {
      w0[topology.biasOffset(0) + i] = -1000;
    }
    MLPClassifier est = new MLPClassifier().setLayers(layers).setInitialWeights(Vectors.dense(w0))
        .setMaxIter(2).setBatchSize(32);
    MLPClassificationModel relu = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setActivation("relu").fit(data);
    assertEquals(1.0, relu.summary().deadUnitHistory()[1][0], 0.0);
    assertEquals(1.0, relu.summary().sparsityHistory()[1][0], 0.0);
    MLPClassificationModel leaky = est.copy(new org.apache.spark.ml.param.ParamMap())
        .setActivation("leaky_relu").fit(data);
    assertEquals(0.0, leaky.summary().deadUnitHistory()[1][0], 0.0);
    assertEquals(0.0, leaky.summary().sparsityHistory()[1][0], 0.0);
  }

  @Test
  void zeroEpochsReturnExactlyTheInitialWeights() {
    Topology topology = Topology.classifier(LAYERS, Activations.create("relu", Double.NaN));
    double[] w0 = topology.initialWeights(8);
    MLPClassificationModel given = new MLPClassifier().setLayers(LAYERS)
        .setInitialWeights(Vectors.dense(w0)).setMaxIter(0).fit(data);
    assertArrayEquals(w0, given.weights().toArray());
    MLPClassificationModel seeded = new MLPClassifier().setLayers(LAYERS).setSeed(8)
        .setMaxIter(0).fit(data);
    assertArrayEquals(w0, seeded.weights().toArray());
    assertEquals(0, seeded.summary().totalIterations());
  }
}
