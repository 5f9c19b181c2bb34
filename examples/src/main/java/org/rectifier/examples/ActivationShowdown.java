package org.rectifier.examples;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.examples.notebook.ReluFamily;

/**
 * The ReLU family against sigmoid and tanh on a deep network (default 8 hidden layers of 64) on
 * the digits: final loss, test accuracy, time, dead units, sparsity and the first/last hidden
 * layer gradient-norm ratio that shows the vanishing gradient.
 * {@code examples/run.sh org.rectifier.examples.ActivationShowdown [epochs] [depth]}.
 */
public final class ActivationShowdown {

  static final List<String> ACTIVATIONS = List.of(
      "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "sigmoid", "tanh");

  private ActivationShowdown() {}

  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int depth = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    SparkSession spark = Examples.session("ActivationShowdown");
    try {
      System.out.printf("%d hidden layers of 64, digits, %d epochs%n", depth, epochs);
      System.out.print(ReluFamily.table(run(spark, epochs, depth)));
      System.out.println("(grad first/last: first-epoch mean gradient norm of the first hidden"
          + " layer's weights over the last one's; far below 1 is the vanishing gradient)");
    } finally {
      spark.stop();
    }
  }

  static Map<String, ReluFamily.Run> run(SparkSession spark, int epochs, int depth) {
    Dataset<Row>[] split = Examples.digitsSplit(spark);
    return ReluFamily.compare(split[0], split[1], ACTIVATIONS, depth, 64, epochs);
  }
}
