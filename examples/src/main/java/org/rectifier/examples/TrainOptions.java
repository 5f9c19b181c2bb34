package org.rectifier.examples;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Command-line options of {@link Train}; a bad one throws {@link BadOption} with one line. */
final class TrainOptions {

  /** A usage error: one line for the user, exit code 2. */
  static final class BadOption extends Exception {
    private static final long serialVersionUID = 1L;

    BadOption(String message) {
      super(message);
    }
  }

  static final List<String> FORMATS = List.of("libsvm", "csv", "parquet", "idx");

  String data;
  String format;
  String labelCol = "label";
  int[] hidden = {64};
  String activation = "relu";
  double alpha = Double.NaN;
  int epochs = 30;
  int batchSize = 64;
  double stepSize = 0.003;
  String solver = "adam";
  long seed = 1;
  double testFraction = 0.2;
  double validationFraction;
  String modelOut;
  String plot;
  String master = "local[2]";
  /** Partitions of the training data by row content, or 0 to keep the input's partitioning. */
  int partitions;
  boolean help;

  static String usage() {
    return String.join("\n",
        "Usage: Train [options]   (no options: the embedded UCI digits data set)",
        "  --data PATH               training data (directory or file)",
        "  --format F                " + FORMATS + " (idx: MNIST's format, gzipped or not;"
            + " PATH is the images file, labels next to it as *labels*)",
        "  --label-col NAME          label column for csv/parquet (default label)",
        "  --hidden 256,128          hidden layer sizes (default 64)",
        "  --activation NAME         relu leaky_relu prelu elu selu gelu relu6 sigmoid tanh",
        "  --alpha A                 alpha of leaky_relu / prelu / elu",
        "  --epochs N                epochs (default 30)",
        "  --batch-size N            rows per step (default 64)",
        "  --step-size X             learning rate (default 0.003)",
        "  --solver adam|sgd         optimizer (default adam)",
        "  --seed N                  seed (default 1)",
        "  --test-fraction F         rows held out for the report (default 0.2)",
        "  --validation-fraction F   training rows held out for per-epoch validation (default 0)",
        "  --model-out PATH          save the trained Spark ML model there",
        "  --plot PATH               write loss/accuracy/dead units per epoch as a PNG",
        "  --master URL              Spark master when not set by spark-submit (default local[2])",
        "  --partitions N            spread the rows over N partitions by their content (a hash",
        "                            of every column, then sorted within each partition): the",
        "                            same partitions and row order, so the same weights bit for",
        "                            bit, on any master and cluster size (default: the input's",
        "                            own partitioning, which can follow the cluster's cores)",
        "  --help                    this text",
        "Exit code: 0 trained, 1 failed, 2 bad option or input file, 3 the driver ran out of"
            + " memory (each failure is one line on stderr)");
  }

  static TrainOptions parse(String[] args) throws BadOption {
    TrainOptions o = new TrainOptions();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        o.help = true;
        continue;
      }
      if (!a.startsWith("--")) {
        throw new BadOption("unexpected argument '" + a + "' (options start with --)");
      }
      if (i + 1 >= args.length) {
        throw new BadOption("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--data": o.data = v; break;
        case "--format": o.format = oneOf(a, v, FORMATS); break;
        case "--label-col": o.labelCol = v; break;
        case "--hidden": o.hidden = sizes(a, v); break;
        case "--activation": o.activation = v; break;
        case "--alpha": o.alpha = number(a, v); break;
        case "--epochs": o.epochs = positiveInt(a, v); break;
        case "--batch-size": o.batchSize = positiveInt(a, v); break;
        case "--step-size": o.stepSize = positive(a, v); break;
        case "--solver": o.solver = oneOf(a, v, List.of("adam", "sgd")); break;
        case "--seed": o.seed = (long) number(a, v); break;
        case "--test-fraction": o.testFraction = fraction(a, v); break;
        case "--validation-fraction": o.validationFraction = fraction(a, v); break;
        case "--model-out": o.modelOut = v; break;
        case "--plot": o.plot = v; break;
        case "--master": o.master = v; break;
        case "--partitions": o.partitions = positiveInt(a, v); break;
        default: throw new BadOption("unknown option " + a + " (see --help)");
      }
    }
    if (o.data != null && o.format == null) {
      throw new BadOption("--data needs --format, one of " + FORMATS);
    }
    if (o.data == null && o.format != null) {
      throw new BadOption("--format needs --data");
    }
    return o;
  }

  private static String oneOf(String opt, String v, List<String> allowed) throws BadOption {
    if (!allowed.contains(v)) {
      throw new BadOption(opt + " must be one of " + allowed + ", got '" + v + "'");
    }
    return v;
  }

  private static int[] sizes(String opt, String v) throws BadOption {
    try {
      int[] s = Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt)
          .toArray();
      for (int x : s) {
        if (x <= 0) {
          throw new NumberFormatException();
        }
      }
      return s;
    } catch (NumberFormatException e) {
      throw new BadOption(opt + " must be positive sizes separated by commas, got '" + v + "'");
    }
  }

  private static double number(String opt, String v) throws BadOption {
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BadOption(opt + " must be a number, got '" + v + "'");
    }
  }

  private static double positive(String opt, String v) throws BadOption {
    double d = number(opt, v);
    if (d <= 0) {
      throw new BadOption(opt + " must be > 0, got '" + v + "'");
    }
    return d;
  }

  private static int positiveInt(String opt, String v) throws BadOption {
    try {
      int i = Integer.parseInt(v);
      if (i <= 0) {
        throw new NumberFormatException();
      }
      return i;
    } catch (NumberFormatException e) {
      throw new BadOption(opt + " must be a whole number > 0, got '" + v + "'");
    }
  }

  private static double fraction(String opt, String v) throws BadOption {
    double d = number(opt, v);
    if (!(d > 0 && d < 1)) {
      throw new BadOption(opt + " must be in (0, 1), got '" + v + "'");
    }
    return d;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "data=%s format=%s hidden=%s activation=%s epochs=%d batch=%d step=%s solver=%s seed=%d"
            + " partitions=%s",
        data == null ? "embedded digits" : data, format, Arrays.toString(hidden), activation,
        epochs, batchSize, stepSize, solver, seed, partitions == 0 ? "as loaded" : partitions);
  }
}
