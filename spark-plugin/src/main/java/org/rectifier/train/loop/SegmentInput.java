package org.rectifier.train.loop;

import java.io.Serializable;
import org.rectifier.train.step.EpochTotals;
import org.rectifier.train.step.ParameterShard;

/**
 * What one task of a sharded barrier job starts from: the shard of the state it owns, and, for
 * partition 0, the epoch's sums so far. The job's inputs travel as one broadcast (Spark's
 * torrent moves the bytes once per executor, not once per task, and tasks stay small); each
 * task copies its own shard out of it.
 */
final class SegmentInput implements Serializable {

  private static final long serialVersionUID = 1L;

  final ParameterShard shard;
  final EpochTotals totals;
  SegmentInput(ParameterShard shard, EpochTotals totals) {
    this.shard = shard;
    this.totals = totals;
  }
}
