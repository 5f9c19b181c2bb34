package org.rectifier.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.rectifier.examples.SyntheticShapes;
import org.rectifier.kernel.Blas;
import org.rectifier.ml.ConvNetClassificationModel;
import org.rectifier.ml.ConvNetClassifier;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.nn.Topology;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.layer.Conv2DLayer;
import org.rectifier.nn.layer.Layer;

/**
 * The ReLU tutorial's conv net (64x64x3, batch 64) as a benchmark:
 *
 * <ol>
 *   <li>per layer, on one thread at the rows one of two tasks gets (32): forward and backward
 *       milliseconds, and for conv and dense layers their GFLOP/s against the roofline of the
 *       same GEMMs (the same M, N, K through the same sgemm, without the im2col around them);
 *   <li>training images/s of {@code ConvNetClassifier} on local[2] (median epoch of 2..n);
 *   <li>PyTorch's images/s on the same network, batch and cores
 *       ({@code torch_convnet_benchmark.py}), and the ratio.
 * </ol>
 *
 * <p>Options: {@code --images N} (default 1024), {@code --epochs N} (3), {@code --skip-torch}.
 * Run with {@code OPENBLAS_NUM_THREADS=1} so that each task's BLAS keeps to its core.
 */
public final class ConvNetBenchmark {

  private ConvNetBenchmark() {}

  /** Runs the three sections; see the class comment. */
  public static void main(String[] args) throws Exception {
    int images = 1024;
    int epochs = 3;
    boolean torch = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--images": images = Integer.parseInt(args[++i]); break;
        case "--epochs": epochs = Integer.parseInt(args[++i]); break;
        case "--skip-torch": torch = false; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("Rectifier conv net benchmark: " + ParamDefs.DEFAULT_ARCHITECTURE
        + " dense(10) over 64x64x3, batch 64; " + Runtime.getRuntime().availableProcessors()
        + " cores, Java " + System.getProperty("java.version") + ", BLAS " + Blas.implementationName());
    Topology t = Architecture.classifier(ParamDefs.DEFAULT_ARCHITECTURE,
        new ImageShape(64, 64, 3), 10);
    layerTable(t, 32, true);
    // The same on two threads at once (what two Spark tasks do): memory bandwidth and shared
    // caches show here, without Spark.
    Thread other = new Thread(() -> layerTable(t, 32, false));
    other.start();
    System.out.printf(Locale.ROOT, "%n1b. The same, a second thread doing it too:");
    layerTable(t, 32, true);
    other.join();
    double ours = sparkImagesPerSecond(images, epochs);
    if (torch) {
      double theirs = torchImagesPerSecond(images, epochs);
      System.out.printf(Locale.ROOT, "%nRectifier local[2] %.1f images/s, PyTorch best %.1f"
          + " images/s: ratio %.2f (the bar is 0.70)%n", ours, theirs, ours / theirs);
    }
  }

  /** Section 1: per-layer milliseconds and GFLOP/s against the sgemm roofline. */
  static void layerTable(Topology t, int rows, boolean print) {
    layerTableTo(t, rows, print ? System.out
        : new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  private static void layerTableTo(Topology t, int rows, java.io.PrintStream print) {
    print.printf(Locale.ROOT, "%n1. Per layer, one thread, %d images (forward + backward;"
        + " best of 5 after warm-up)%n", rows);
    print.printf(Locale.ROOT, "%-22s %9s %9s %9s %12s %12s%n", "layer", "fwd ms",
        "bwd ms", "GFLOP", "GFLOP/s", "sgemm GF/s");
    Random random = new Random(1);
    float[] params = new float[t.numParams()];
    double[] w = t.initialWeights(1);
    for (int i = 0; i < w.length; i++) {
      params[i] = (float) w[i];
    }
    float[][] in = new float[t.numLayers()][];
    float[][] out = new float[t.numLayers()][];
    float[] x = new float[rows * t.numInputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    float[] cur = x;
    for (int l = 0; l < t.numLayers(); l++) {
      in[l] = cur;
      out[l] = new float[rows * t.layer(l).outSize()];
      cur = out[l];
    }
    float[] grad = new float[t.numParams()];
    double totalMs = 0;
    for (int l = 0; l < t.numLayers(); l++) {
      Layer layer = t.layer(l);
      Layer.Scratch s = layer.newScratch();
      int off = t.weightOffset(l);
      float[] dz = new float[rows * layer.outSize()];
      Arrays.fill(dz, 1e-3f);
      float[] dx = l == 0 ? null : new float[rows * layer.inSize()];
      float[] lin = in[l];
      float[] lout = out[l];
      int units = layer.units();
      int aOff = t.activationOffset(l);
      double fwd = best(() -> {
        layer.forward(params, off, lin, rows, lout, s);
        if (layer.activates()) {
          layer.activation().forward(lout, lout, rows * layer.positions(), units, params, aOff);
        }
      });
      double bwd = best(() -> {
        if (layer.activates()) {
          layer.activation().backward(lout, lout, dz, rows * layer.positions(), units, params,
              grad, aOff);
        }
        layer.backward(params, off, lin, dz, rows, grad, dx, s);
      });
      totalMs += fwd + bwd;
      double flops = gemmFlops(layer, rows, l > 0);
      String gf = flops == 0 ? "" : String.format(Locale.ROOT, "%12.1f",
          flops / ((fwd + bwd) / 1e3) / 1e9);
      String roof = flops == 0 ? "" : String.format(Locale.ROOT, "%12.1f",
          flops / (roofline(layer, rows, l > 0) / 1e3) / 1e9);
      print.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.3f %s %s%n", layer.spec(), fwd, bwd,
          flops / 1e9, gf, roof);
    }
    print.printf(Locale.ROOT, "%-22s %19.2f ms per %d images: %.1f images/s on one"
        + " thread%n", "total", totalMs, rows, rows / (totalMs / 1e3));
  }

  /** Floating-point operations of the layer's GEMMs: forward, weight gradient, input error. */
  static double gemmFlops(Layer layer, int rows, boolean withInputError) {
    long[][] g = gemms(layer, rows, withInputError);
    double f = 0;
    for (long[] mnk : g) {
      f += 2.0 * mnk[0] * mnk[1] * mnk[2];
    }
    return f;
  }

  /** The (M, N, K) of each GEMM one pass of {@code layer} runs. */
  static long[][] gemms(Layer layer, int rows, boolean withInputError) {
    long m;
    long n;
    long k;
    if (layer instanceof Conv2DLayer) {
      Conv2DLayer c = (Conv2DLayer) layer;
      m = (long) rows * c.outImage().height() * c.outImage().width();
      n = c.outImage().channels();
      k = c.patchSize();
    } else if (layer.numWeights() > 0) {
      m = rows;
      n = layer.outSize();
      k = layer.inSize();
    } else {
      return new long[0][];
    }
    // z = P W (m x k . k x n); dW = P^T dz (k x m . m x n); dP = dz W^T (m x n . n x k).
    return withInputError ? new long[][] {{m, n, k}, {k, n, m}, {m, k, n}}
        : new long[][] {{m, n, k}, {k, n, m}};
  }

  /** Best milliseconds of the same GEMMs on their own. */
  static double roofline(Layer layer, int rows, boolean withInputError) {
    long[][] g = gemms(layer, rows, withInputError);
    int max = 0;
    for (long[] mnk : g) {
      max = (int) Math.max(max, Math.max(mnk[0] * mnk[2], Math.max(mnk[2] * mnk[1],
          mnk[0] * mnk[1])));
    }
    float[] a = new float[max];
    float[] b = new float[max];
    float[] c = new float[max];
    Arrays.fill(a, 0.5f);
    Arrays.fill(b, 0.25f);
    return best(() -> {
      for (int i = 0; i < g.length; i++) {
        int m = (int) g[i][0];
        int n = (int) g[i][1];
        int k = (int) g[i][2];
        // The same transposes as the layer: forward NN, weight gradient TN, input error NT.
        boolean ta = i == 1;
        boolean tb = i == 2;
        Blas.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
      }
    });
  }

  private static double best(Runnable r) {
    for (int i = 0; i < 2; i++) {
      r.run();
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e6);
    }
    return best;
  }

  /** Section 2: local[2] training images/s, the median epoch of 2..n. */
  static double sparkImagesPerSecond(int images, int epochs) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("convnet-bench")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> data = SyntheticShapes.load(spark, images, 64, 2, 1).cache();
      data.count();
      ConvNetClassificationModel model = new ConvNetClassifier()
          .setInputShape(new int[] {64, 64, 3}).setBatchSize(64).setMaxIter(epochs).setTol(0)
          .setSeed(1).fit(data);
      double[] perEpoch = model.summary().epochs().stream()
          .mapToDouble(e -> e.seconds).toArray();
      double[] later = Arrays.copyOfRange(perEpoch, Math.min(1, perEpoch.length - 1),
          perEpoch.length);
      Arrays.sort(later);
      double median = later[later.length / 2];
      System.out.printf(Locale.ROOT, "%n2. ConvNetClassifier on local[2], %d images, batch 64:"
          + " epochs %s s; %.1f images/s (median of epochs 2..%d)%n", images,
          Arrays.toString(Arrays.stream(perEpoch).map(s -> Math.round(s * 100) / 100.0)
              .toArray()), images / median, epochs);
      for (org.rectifier.nn.TrainingHistory.Epoch e : model.summary().epochs()) {
        System.out.printf(Locale.ROOT, "   epoch %d: %.2f s, of which compute %.2f s; %.1f ms per"
            + " step outside compute%n", e.epoch, e.seconds, e.computeSeconds,
            e.overheadMillisPerStep());
      }
      return images / median;
    } finally {
      spark.stop();
    }
  }

  /** Section 3: PyTorch's best images/s over its thread settings. */
  static double torchImagesPerSecond(int images, int epochs) throws Exception {
    Path script = Files.createTempFile("torch_convnet_benchmark", ".py");
    try (java.io.InputStream s = ConvNetBenchmark.class.getResourceAsStream(
        "torch_convnet_benchmark.py")) {
      Files.copy(s, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process p = new ProcessBuilder(TorchPeer.PYTHON, script.toString(), "--images",
        Integer.toString(images), "--epochs", Integer.toString(epochs), "--batch", "64")
        .redirectErrorStream(true).start();
    System.out.printf(Locale.ROOT, "%n3. PyTorch (%s), same network, batch 64, %d random"
        + " images:%n", TorchPeer.PYTHON, images);
    double best = Double.NaN;
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.startsWith("{")) {
          System.out.println("   " + line);
          continue;
        }
        JsonNode n = json.readTree(line);
        if (n.path("final").asBoolean(false)) {
          best = n.path("images_per_second").asDouble(Double.NaN);
        } else {
          System.out.printf(Locale.ROOT, "   %-45s %s%n", n.path("setting").asText(),
              n.has("error") ? "failed: " + n.get("error").asText() : String.format(
                  Locale.ROOT, "%.1f images/s", n.path("images_per_second").asDouble()));
        }
      }
    }
    p.waitFor();
    Files.deleteIfExists(script);
    return best;
  }
}
