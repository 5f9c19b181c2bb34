package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.examples.notebook.ReluFamily;

/** Every example program runs small and reports what it promises. */
class ExamplesTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("examples-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void kerasQuickstartLearnsTheDigits() {
    double accuracy = KerasQuickstart.run(spark, 15);
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }

  @Test
  void activationShowdownComparesEveryActivation() {
    Map<String, ReluFamily.Run> results = ActivationShowdown.run(spark, 4, 3);
    assertEquals(ActivationShowdown.ACTIVATIONS, List.copyOf(results.keySet()));
    for (ReluFamily.Run r : results.values()) {
      double loss = r.summary.lossHistory()[3];
      assertTrue(Double.isFinite(loss) && r.testAccuracy >= 0 && r.testAccuracy <= 1);
      for (double dead : r.summary.deadUnitHistory()[3]) {
        assertTrue(dead >= 0 && dead <= 1);
      }
    }
    ReluFamily.Run relu = results.get("relu");
    ReluFamily.Run sigmoid = results.get("sigmoid");
    assertTrue(relu.testAccuracy > sigmoid.testAccuracy,
        "a deep relu net should outlearn a deep sigmoid one in few epochs: "
            + relu.testAccuracy + " vs " + sigmoid.testAccuracy);
    String table = ReluFamily.table(results);
    assertTrue(table.contains("leaky_relu") && table.contains("dead units"), table);
    assertEquals(3, ReluFamily.deadUnits(results).get("elu").length);
    assertEquals(3, ReluFamily.firstEpochGradientNorms(results).get("tanh").length);
  }

  @Test
  void trainNamesTheBadCellOfACsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path csv = dir.resolve("bad.csv");
    java.nio.file.Files.writeString(csv, "a,b,label\n1,2,0\n3,NaN,1\n5,6,1\n");
    TrainOptions o = TrainOptions.parse(new String[] {
        "--data", csv.toString(), "--format", "csv", "--epochs", "1"});
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Train.run(spark, o));
    assertTrue(e.getMessage().contains("Column 'features'") && e.getMessage().contains("NaN")
        && e.getMessage().contains("index 1"), e.getMessage());
  }

  @Test
  void versusMllibPrintsBothModels() {
    String table = VersusMLlib.run(spark, 10, 5);
    assertTrue(table.contains("MLlib MultilayerPerceptronClassifier"), table);
    assertTrue(table.contains("Rectifier MLPClassifier"), table);
    assertEquals(4, table.lines().count(), table);
  }
}
