package org.rectifier.train.loop;

import java.nio.ByteBuffer;
import org.rectifier.train.collective.DriverRendezvous;
import org.rectifier.train.step.Chunks;
import org.rectifier.train.step.ParameterShard;

/**
 * One sharded job's state hand-off at the driver: each task's shard of the float64 weights and
 * optimizer state is written straight from the driver's arrays when the task joins, and what the
 * tasks hand back at the end is kept aside until the job has succeeded, so a failed job leaves
 * the driver's state as it was (and the job can run again from it).
 */
final class ShardExchange implements DriverRendezvous.StateExchange {

  private final ParameterShard whole;
  private final int parties;
  private final ParameterShard[] returned;
  private long bytes;

  ShardExchange(ParameterShard whole, int parties) {
    this.whole = whole;
    this.parties = parties;
    this.returned = new ParameterShard[parties];
  }

  private int start(int p) {
    return Chunks.rangeStart(whole.to(), p, parties);
  }

  @Override
  public synchronized int bytes(int p) {
    return whole.stateBytes(start(p), start(p + 1));
  }

  @Override
  public synchronized void write(int p, ByteBuffer out) {
    int before = out.position();
    whole.writeState(start(p), start(p + 1), out);
    bytes += out.position() - before;
  }

  @Override
  public synchronized void returned(int p, ByteBuffer in) {
    bytes += in.remaining();
    returned[p] = whole.slice(0, 0).readShard(start(p), start(p + 1), in);
  }

  /** Copies every returned shard into {@code into}; fails if a task's shard is missing. */
  synchronized void absorbInto(ParameterShard into) {
    for (int p = 0; p < parties; p++) {
      if (returned[p] == null) {
        throw new IllegalStateException("Rectifier: partition " + p + " ended without handing"
            + " its state back to the driver");
      }
    }
    for (ParameterShard s : returned) {
      if (s.to() > s.from()) {
        into.absorb(s);
      }
    }
  }

  /** Bytes of state moved both ways so far. */
  synchronized long bytes() {
    return bytes;
  }
}
