package org.rectifier.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rectifier.nn.DropoutMasks;
import org.rectifier.nn.Network;
import org.rectifier.nn.Topology;

/**
 * Section 3c: what dropout costs a training step, measured on the engine's forward+backward of
 * the benchmark network without Spark (the rest of a step does not change with dropout). Bursts
 * of 5 steps with and without dropout take turns for 15 seconds, in an order that rotates, and
 * each cycle's bursts are compared among themselves, so that this machine's drifting speed
 * weighs on all alike.
 */
public final class DropoutCost {

  /** Steps of one configuration before the next takes its turn. */
  private static final int BURST = 5;

  private DropoutCost() {}

  /**
   * Median milliseconds per step of {none, hidden 0.5, hidden 0.5 + input 0.2}, then the median
   * over cycles of each one's ratio to the plain step.
   */
  static double[] stepMillis(int[] layers, int batch, double seconds) {
    EngineBatch b = new EngineBatch(layers, batch);
    Topology topology = b.topology;
    float[] params = b.params;
    float[] x = b.x;
    float[] y = b.y;
    long[] rows = new long[batch];
    for (int r = 0; r < batch; r++) {
      rows[r] = 1000L + 37L * r;
    }
    DropoutMasks[] configs = {null, new DropoutMasks(0, 0.5, 1), new DropoutMasks(0.2, 0.5, 1)};
    Network network = new Network(topology, batch);
    float[] grad = new float[topology.numParams()];
    for (int warm = 0; warm < 30; warm++) {
      for (DropoutMasks m : configs) {
        network.gradient(params, x, y, null, batch, grad, m, warm, rows, 0);
      }
    }
    // Short bursts in turn, the order rotating each cycle: this VM's speed drifts by tens of
    // percent over seconds, so each cycle's bursts are compared with each other (a paired
    // ratio) and the median over cycles is reported.
    List<double[]> cycles = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int cycle = 0; cycle < 3 || System.nanoTime() < end; cycle++) {
      double[] burst = new double[configs.length];
      for (int k = 0; k < configs.length; k++) {
        int c = (cycle + k) % configs.length;
        long start = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
          network.gradient(params, x, y, null, batch, grad, configs[c], cycle, rows, 0);
        }
        burst[c] = (System.nanoTime() - start) / 1e6 / BURST;
      }
      cycles.add(burst);
    }
    double[] result = new double[2 * configs.length];
    for (int c = 0; c < configs.length; c++) {
      double[] millis = new double[cycles.size()];
      double[] ratios = new double[cycles.size()];
      for (int i = 0; i < cycles.size(); i++) {
        millis[i] = cycles.get(i)[c];
        ratios[i] = cycles.get(i)[c] / cycles.get(i)[0];
      }
      result[c] = median(millis);
      result[configs.length + c] = median(ratios);
    }
    return result;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static void report(Report report, int[] layers, int batch) {
    double[] ms = stepMillis(layers, batch, 15);
    report.add("3c-dropout", "engine step without dropout, batch " + batch, ms[0], "ms");
    report.add("3c-dropout", "with dropout 0.5 on the hidden layers", ms[1], "ms",
        String.format(Locale.ROOT, "%+.1f%% (median paired ratio)", 100 * (ms[4] - 1)));
    report.add("3c-dropout", "with dropout 0.5 and inputDropout 0.2", ms[2], "ms",
        String.format(Locale.ROOT, "%+.1f%% (median paired ratio)", 100 * (ms[5] - 1)));
    report.add("3c-dropout", "dropout step / plain step (target <= 1.05)", ms[4], "ratio");
  }

  /** Stand-alone: {@code examples/run.sh org.rectifier.examples.bench.DropoutCost}. */
  public static void main(String[] args) {
    Report report = new Report();
    report(report, Mlp784.LAYERS, 256);
    report.printTable();
  }
}
