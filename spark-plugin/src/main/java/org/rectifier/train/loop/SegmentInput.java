package org.rectifier.train.loop;

import java.io.Serializable;
import java.util.List;
import org.rectifier.train.data.DataBlock;
import org.rectifier.train.step.EpochTotals;
import org.rectifier.train.step.ParameterShard;

/**
 * What one task of a sharded barrier job starts from: the shard of the state it owns, and, for
 * partition 0, the epoch's sums so far. Shipped as the task's own partition of a small RDD, so
 * each task receives its shard alone, not the whole state.
 */
final class SegmentInput implements Serializable {

  private static final long serialVersionUID = 1L;

  final ParameterShard shard;
  final EpochTotals totals;
  /** The partition's cached blocks, attached on the executor (never serialized). */
  transient List<DataBlock> blocks;

  SegmentInput(ParameterShard shard, EpochTotals totals) {
    this.shard = shard;
    this.totals = totals;
  }
}
