package org.rectifier.train.loop;

import java.io.Serializable;
import org.rectifier.nn.LayerActivity;
import org.rectifier.train.step.EpochTotals;

/**
 * What one task of a sharded barrier job returns as its task result when the job ends (its
 * shard's float64 state went to the driver over the collective's channel just before):
 * partition 0's epoch sums, the partition's own activity and validation sums, and what the task
 * moved over the network and where its time went.
 */
final class SegmentResult implements Serializable {

  private static final long serialVersionUID = 1L;

  final int partition;
  final EpochTotals totals;
  final LayerActivity activity;
  final double[] validation;
  final long bytesOut;
  final long bytesIn;
  final long messagesOut;
  final long messagesIn;
  /** Nanoseconds in the job's reduce-scatters, shard updates and all-gathers. */
  final long[] phaseNanos;

  SegmentResult(int partition, EpochTotals totals, LayerActivity activity,
      double[] validation, long bytesOut, long bytesIn, long messagesOut, long messagesIn,
      long[] phaseNanos) {
    this.partition = partition;
    this.totals = totals;
    this.activity = activity;
    this.validation = validation;
    this.bytesOut = bytesOut;
    this.bytesIn = bytesIn;
    this.messagesOut = messagesOut;
    this.messagesIn = messagesIn;
    this.phaseNanos = phaseNanos;
  }
}
