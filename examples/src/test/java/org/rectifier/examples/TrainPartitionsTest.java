package org.rectifier.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Train --partitions N}: the rows' partitions and their order depend on the rows alone,
 * not on how the input was partitioned (which follows the cluster's cores), so fits on
 * different masters see the same minibatches and give the same bits.
 */
class TrainPartitionsTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("train-partitions");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void samePartitionsAndOrderWhateverTheInputPartitioning() {
    List<List<Row>> reference = null;
    // Round-robin repartitions of the digits into 1, 2, 3 and 7 partitions: different
    // partition contents and different row orders going in.
    for (int input : new int[] {1, 2, 3, 7}) {
      Dataset<Row> in = EmbeddedDigits.load(spark, input);
      List<List<Row>> parts = TrainingData.byContent(in, 2).javaRDD().glom().collect();
      assertEquals(2, parts.size());
      assertEquals(1797, parts.get(0).size() + parts.get(1).size());
      assertTrue(parts.get(0).size() > 700 && parts.get(1).size() > 700,
          parts.get(0).size() + " and " + parts.get(1).size() + " rows");
      if (reference == null) {
        reference = parts;
      } else {
        assertEquals(reference, parts, "from " + input + " input partitions");
      }
    }
  }

  @Test
  void theOptionIsAPositiveWholeNumberAndDefaultsToTheInputsPartitioning() throws Exception {
    assertEquals(0, TrainOptions.parse(new String[0]).partitions);
    assertEquals(3, TrainOptions.parse(new String[] {"--partitions", "3"}).partitions);
    TrainOptions.BadOption e = assertThrows(TrainOptions.BadOption.class,
        () -> TrainOptions.parse(new String[] {"--partitions", "0"}));
    assertEquals("--partitions must be a whole number > 0, got '0'", e.getMessage());
    assertTrue(TrainOptions.usage().contains("--partitions N"));
  }
}
