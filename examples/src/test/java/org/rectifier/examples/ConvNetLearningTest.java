package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.ml.ConvNetClassifier;
import org.rectifier.ml.MLPClassifier;
import org.rectifier.ml.params.ParamDefs;

/**
 * Conv nets learn real images: on the embedded digits (8x8x1) a small conv net is at least as
 * accurate on the held-out split as the main job's MLP, and the tutorial's exact 64x64x3
 * network gets far above chance on synthetic shapes within two epochs.
 */
class ConvNetLearningTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("convnet-learning-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aSmallConvNetBeatsOrTiesTheMlpOnTheDigits() {
    Dataset<Row>[] split = Examples.digitsSplit(spark);
    // The main job's MLP and optimizer settings, for both.
    double mlp = accuracy(new MLPClassifier().setHiddenLayers(new int[] {64}), split);
    double conv = accuracy(new ConvNetClassifier().setInputShape(new int[] {8, 8, 1})
        .setArchitecture("conv2d(16,3x3,relu,padding=same) maxpool(2x2) flatten"
            + " dense(64,relu)"), split);
    System.out.printf("digits test accuracy: MLP %.4f, conv net %.4f%n", mlp, conv);
    assertTrue(conv >= mlp, "conv net " + conv + " against MLP " + mlp);
  }

  private static double accuracy(ProbabilisticClassifier<?, ?, ?> estimator,
      Dataset<Row>[] split) {
    estimator.set("stepSize", 0.003).set("batchSize", 64).set("maxIter", 30).set("seed", 1L)
        .set("tol", 0.0);
    return Examples.accuracy(estimator.fit(split[0]).transform(split[1]));
  }

  @Test
  void theTutorialsNetworkLearnsShapesInTwoEpochs() {
    TutorialConvNet.Result r = TutorialConvNet.run(spark, 1500, 2, 32,
        ParamDefs.DEFAULT_ARCHITECTURE, 1);
    System.out.println(r.report);
    assertTrue(r.testAccuracy > 0.3, "test accuracy " + r.testAccuracy + ", chance is 0.10");
    assertEquals(1_626_442, r.model.weights().size(), "Keras's parameter count");
    assertEquals(32, r.model.summary().deadUnits()[0].length, "a flag per channel");
  }
}
