package org.rectifier.ml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rectifier.testing.ErrorMessages;
import org.rectifier.testing.SparkTestSupport;

/**
 * Every training-control param refuses what it cannot use, with a message that names the param
 * (or column) and what was expected: out-of-range values when set, and combinations or data the
 * fit cannot use before any training.
 */
class TrainingControlInputTest {

  private static SparkSession spark;
  /** Labels 0, 1, 2; a boolean "val" column, true on every third row. */
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.spark();
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType).add("val", DataTypes.BooleanType)
        .add("w", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create(Vectors.dense(i % 3, i % 5), (double) (i % 3), i % 3 == 0,
          1.0));
    }
    data = spark.createDataFrame(rows, schema).repartition(2).cache();
  }

  private static MLPClassifier quick() {
    return new MLPClassifier().setHiddenLayers(new int[] {3}).setMaxIter(1);
  }

  private static void assertMessage(Executable action, String... parts) {
    ErrorMessages.expect(IllegalArgumentException.class, action, parts);
  }

  @Test
  void outOfRangeValuesAreRefusedWhenSet() {
    MLPClassifier c = new MLPClassifier();
    assertMessage(() -> c.setDropout(1.0), "dropout", "[0, 1)");
    assertMessage(() -> c.setDropout(-0.1), "dropout", "[0, 1)");
    assertMessage(() -> c.setInputDropout(Double.NaN), "inputDropout", "[0, 1)");
    assertMessage(() -> c.setStepSizeSchedule("linear"), "stepSizeSchedule",
        "[constant, exponential, step, cosine, plateau]");
    assertMessage(() -> c.setDecayRate(0), "decayRate", "(0, 1]");
    assertMessage(() -> c.setDecayRate(1.5), "decayRate", "(0, 1]");
    assertMessage(() -> c.setDecayEpochs(0), "decayEpochs", ">= 1");
    assertMessage(() -> c.setMinStepSize(-1e-3), "minStepSize", ">= 0");
    assertMessage(() -> c.setDecayPatience(0), "decayPatience", ">= 1");
    assertMessage(() -> c.setWarmupEpochs(-1), "warmupEpochs", ">= 0");
    assertMessage(() -> c.setClipNorm(-1), "clipNorm", ">= 0");
    assertMessage(() -> c.setClipNorm(Double.POSITIVE_INFINITY), "clipNorm", "finite");
    assertMessage(() -> c.setWeightDecay(-0.01), "weightDecay", ">= 0");
    assertMessage(() -> c.setElasticNetParam(1.5), "elasticNetParam", "[0, 1]");
    assertMessage(() -> c.setEarlyStoppingPatience(-1), "earlyStoppingPatience", ">= 0");
    assertMessage(() -> c.setEarlyStoppingMetric("f1"), "earlyStoppingMetric",
        "[loss, accuracy]");
    assertMessage(() -> c.setClassWeights(new double[0]), "classWeights", "non-empty");
    assertMessage(() -> c.setClassWeights(new double[] {1, -1}), "classWeights", ">= 0");
    assertMessage(() -> c.setClassBalance("auto"), "classBalance", "[none, balanced]");
    MLPRegressor r = new MLPRegressor();
    assertMessage(() -> r.setDropout(2), "dropout", "[0, 1)");
  }

  @Test
  void validationByColumnAndByFractionExcludeEachOther() {
    assertMessage(() -> quick().setValidationIndicatorCol("val").setValidationFraction(0.2)
        .fit(data), "validationIndicatorCol", "validationFraction", "both set");
  }

  @Test
  void theValidationColumnMustExistBeBooleanHaveNoNullsAndLeaveTrainingRows() {
    assertMessage(() -> quick().setValidationIndicatorCol("nope").fit(data), "'nope'",
        "validationIndicatorCol", "does not exist");
    assertMessage(() -> quick().setValidationIndicatorCol("w").fit(data), "'w'",
        "validationIndicatorCol", "boolean");
    Dataset<Row> withNull = data.withColumn("val",
        functions.when(functions.col("label").equalTo(2), functions.lit(null))
            .otherwise(functions.col("val")));
    assertMessage(() -> quick().setValidationIndicatorCol("val").fit(withNull), "'val'",
        "null", "expected true (a validation row) or false");
    assertMessage(() -> quick().setValidationIndicatorCol("val")
        .fit(data.withColumn("val", functions.lit(true))), "'val'", "every one of the 30 rows",
        "at least one training row");
  }

  @Test
  void accuracyIsNoMetricForARegressor() {
    assertMessage(() -> new MLPRegressor().setHiddenLayers(new int[] {3}).setMaxIter(1)
        .setEarlyStoppingPatience(2).setEarlyStoppingMetric("accuracy").fit(data),
        "earlyStoppingMetric", "'accuracy'", "[loss]");
  }

  @Test
  void weightDecayIsAdamWs() {
    assertMessage(() -> quick().setWeightDecay(0.1).fit(data), "weightDecay", "solver",
        "adamw");
    // The default weightDecay (unset) does not get in the way of other solvers.
    quick().setSolver("sgd").fit(data);
  }

  @Test
  void classWeightsNeedOnePerClassAClassifierAndNoBalance() {
    assertMessage(() -> quick().setClassWeights(new double[] {1, 2}).fit(data), "classWeights",
        "2 values", "3 classes");
    assertMessage(() -> new MLPRegressor().setHiddenLayers(new int[] {3}).setMaxIter(1)
        .setClassWeights(new double[] {1, 2}).fit(data), "classWeights", "regressor");
    assertMessage(() -> new MLPRegressor().setHiddenLayers(new int[] {3}).setMaxIter(1)
        .setClassBalance("balanced").fit(data), "classBalance", "regressor");
    assertMessage(() -> quick().setClassWeights(new double[] {1, 2, 3})
        .setClassBalance("balanced").fit(data), "classWeights", "classBalance=balanced");
  }

  @Test
  void balancedNeedsRowsInEveryClass() {
    // layers say 4 classes; label 3 never occurs.
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2, 3, 4}).setMaxIter(1)
        .setClassBalance("balanced").fit(data), "classBalance=balanced", "class 3 has no rows",
        "'label'");
  }

  @Test
  void classWeightsThatLeaveNoRowWeightAreRefused() {
    // Class 3 has weight but no rows; classes 0-2 have rows but weight 0.
    assertMessage(() -> new MLPClassifier().setLayers(new int[] {2, 3, 4}).setMaxIter(1)
        .setClassWeights(new double[] {0, 0, 0, 1}).fit(data), "classWeights",
        "every row has weight 0", "0, 1, 2");
    assertMessage(() -> quick().setWeightCol("w").setClassWeights(new double[] {0, 0, 0})
        .fit(data), "every row has weight 0", "column 'w'");
  }

  @Test
  void cosineAndPlateauFloorsMustNotExceedTheStartingRate() {
    assertMessage(() -> quick().setStepSizeSchedule("cosine").setStepSize(0.001)
        .setMinStepSize(0.01).fit(data), "minStepSize", "stepSize", "cosine");
  }
}
