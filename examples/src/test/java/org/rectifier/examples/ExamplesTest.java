package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example program runs small and reports what it promises. */
class ExamplesTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("examples-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
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
    List<ActivationShowdown.Result> results = ActivationShowdown.run(spark, 4, 3);
    assertEquals(ActivationShowdown.ACTIVATIONS,
        results.stream().map(r -> r.activation).collect(Collectors.toList()));
    for (ActivationShowdown.Result r : results) {
      assertTrue(Double.isFinite(r.loss) && r.accuracy >= 0 && r.accuracy <= 1);
      assertTrue(r.deadFraction >= 0 && r.deadFraction <= 1);
    }
    ActivationShowdown.Result relu = results.get(0);
    ActivationShowdown.Result sigmoid = results.get(6);
    assertTrue(relu.accuracy > sigmoid.accuracy,
        "a deep relu net should outlearn a deep sigmoid one in few epochs: "
            + relu.accuracy + " vs " + sigmoid.accuracy);
    String table = ActivationShowdown.table(results, 3);
    assertTrue(table.contains("leaky_relu") && table.contains("dead units"), table);
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
