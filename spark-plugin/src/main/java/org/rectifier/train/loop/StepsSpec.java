package org.rectifier.train.loop;

import java.io.Serializable;
import org.rectifier.nn.EpochOrder;
import org.rectifier.nn.Holdout;
import org.rectifier.nn.Topology;
import org.rectifier.train.data.SliceOptions;

/** The steps one barrier job runs: steps {@code [from, to)} of an epoch, then validation. */
final class StepsSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  final Topology topology;
  /** Class weights and dropout. */
  final SliceOptions options;
  final EpochOrder order;
  final int from;
  final int to;
  /** Held-out rows to evaluate after the last step, or null. */
  final Holdout holdout;
  /** Each partition's first global row; the last entry is the row count. */
  final long[] offsets;

  StepsSpec(Topology topology, SliceOptions options, EpochOrder order, int from, int to,
      Holdout holdout, long[] offsets) {
    this.topology = topology;
    this.options = options;
    this.order = order;
    this.from = from;
    this.to = to;
    this.holdout = holdout;
    this.offsets = offsets;
  }
}
