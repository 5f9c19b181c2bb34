package org.rectifier.train.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.rectifier.nn.Topology;
import org.rectifier.train.TrainerConfig;
import org.rectifier.train.TrainingControls;

/**
 * What makes two fits the same trajectory: the network, every setting that changes which steps
 * are taken or how, and the data's size. A checkpoint carries its fit's fingerprint, and a fit
 * resumes from a checkpoint only if the fingerprints are equal. Settings that only decide when
 * to stop ({@code maxIter}, {@code tol}) or how steps are scheduled ({@code executionMode}) are
 * left out, so a resumed fit may train longer than the one that wrote the checkpoint (but the
 * cosine schedule, annealed over {@code maxIter}, puts it in through the schedule). Early
 * stopping's settings are left out too: they decide when to stop and which epoch is returned,
 * never the steps.
 */
public final class FitFingerprint {

  private final Map<String, String> fields;

  FitFingerprint(Map<String, String> fields) {
    this.fields = fields;
  }

  /** The fingerprint of a fit of {@code topology} under {@code config}. */
  public static FitFingerprint of(Topology topology, TrainerConfig config, long numRows,
      boolean weighted, double[] initialWeights) {
    return of(topology, config, numRows, weighted, initialWeights, null, null);
  }

  /**
   * The fingerprint of a fit that also weights classes by {@code classWeights} (null: none) and
   * holds out the rows column {@code validationIndicatorCol} marks (null: none).
   */
  public static FitFingerprint of(Topology topology, TrainerConfig config, long numRows,
      boolean weighted, double[] initialWeights, float[] classWeights,
      String validationIndicatorCol) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("layers", Arrays.toString(topology.layers()));
    f.put("activation", topology.hiddenActivation().name());
    f.put("activationAlpha", Double.toString(topology.hiddenActivation().alpha()));
    if (topology.architecture() != null) {
      // A conv net's sizes do not pin its kernels, strides or per-layer activations.
      f.put("architecture", topology.architecture());
      f.put("inputShape", topology.inputShape().toString());
    }
    f.put("loss", topology.loss().name());
    f.put("solver", config.solver);
    f.put("stepSize", Double.toString(config.stepSize));
    f.put("momentum", Double.toString(config.momentum));
    f.put("batchSize", Integer.toString(config.batchSize));
    f.put("seed", Long.toString(config.seed));
    f.put("regParam", Double.toString(config.regParam));
    f.put("validationFraction", Double.toString(config.validationFraction));
    f.put("weightCol", weighted ? "set" : "unset");
    f.put("rows", Long.toString(numRows));
    f.put("initialWeights", initialWeights == null ? "seeded" : "crc32 " + crc(initialWeights));
    TrainingControls c = config.controls;
    f.put("dropout", c.dropout + "," + c.inputDropout);
    f.put("stepSizeSchedule", c.schedule.toString());
    f.put("regularization", c.regularization.toString());
    f.put("clipNorm", Double.toString(c.clipNorm));
    f.put("classWeights", classWeights == null ? "none" : Arrays.toString(classWeights));
    f.put("validationIndicatorCol", String.valueOf(validationIndicatorCol));
    return new FitFingerprint(f);
  }

  private static long crc(double[] values) {
    CRC32 crc = new CRC32();
    for (double v : values) {
      long bits = Double.doubleToLongBits(v);
      for (int i = 0; i < 8; i++) {
        crc.update((int) (bits >>> (8 * i)));
      }
    }
    return crc.getValue();
  }

  /** The fields, in a fixed order. */
  public Map<String, String> fields() {
    return fields;
  }

  /**
   * How {@code other} (a checkpoint's) differs from this (the fit's), e.g.
   * {@code ["batchSize: 256 in the checkpoint, 128 in this fit"]}; empty when equal.
   */
  public List<String> differences(FitFingerprint other) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String theirs = other.fields.get(e.getKey());
      if (!Objects.equals(theirs, e.getValue())) {
        out.add(e.getKey() + ": " + (theirs == null ? "absent" : theirs) + " in the checkpoint, "
            + e.getValue() + " in this fit");
      }
    }
    for (String key : other.fields.keySet()) {
      if (!fields.containsKey(key)) {
        out.add(key + ": " + other.fields.get(key) + " in the checkpoint, absent in this fit");
      }
    }
    return out;
  }
}
