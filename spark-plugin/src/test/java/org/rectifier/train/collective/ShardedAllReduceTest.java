package org.rectifier.train.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rectifier.testing.SparkTestSupport;
import org.rectifier.train.step.Chunks;
import org.rectifier.train.step.PartialGradient;
import org.rectifier.train.step.StepScalars;
import org.rectifier.train.step.StepStats;

/**
 * The sharded all-reduce on its own, with its peers as threads of this JVM talking over
 * loopback through Spark's transport: what each owner receives, what everyone ends with, and
 * how it fails.
 */
class ShardedAllReduceTest {

  private static final int PARAMS = 5000;
  private static SparkContext sc;
  private static DriverRendezvous rendezvous;
  private static ExecutorService pool;
  private static long nextJob = 1;
  private static final DriverRendezvous.StateExchange NO_STATE =
      new DriverRendezvous.StateExchange() {
        @Override
        public int bytes(int p) {
          return 0;
        }

        @Override
        public void write(int p, java.nio.ByteBuffer out) {}

        @Override
        public void returned(int p, java.nio.ByteBuffer in) {}
      };

  @BeforeAll
  static void start() {
    sc = SparkTestSupport.spark().sparkContext();
    rendezvous = DriverRendezvous.open(sc);
    pool = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    rendezvous.close();
    pool.shutdownNow();
  }

  private static ShardedAllReduce.Address job(int parties, long timeoutMillis) {
    long job = nextJob++;
    rendezvous.expect(job, parties, NO_STATE);
    return new ShardedAllReduce.Address(rendezvous.host(), rendezvous.port(), job, timeoutMillis,
        "test", 0);
  }

  private static float[] partial(int partition, int round) {
    Random r = new Random(partition * 1000 + round);
    float[] g = new float[PARAMS];
    for (int i = 0; i < PARAMS; i++) {
      g[i] = r.nextFloat();
    }
    return g;
  }

  @Test
  void ownersGetEverySliceInPartitionOrderAndEveryoneEndsWithTheSameParameters()
      throws Exception {
    int parties = 3;
    ShardedAllReduce.Address address = job(parties, 30_000);
    List<Future<float[]>> results = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      int self = p;
      results.add(pool.submit(() -> {
        float[] params = new float[PARAMS];
        StepStats stats = new StepStats(PARAMS, 2);
        try (ShardedAllReduce ar = ShardedAllReduce.join(address, self, parties, PARAMS, params,
            stats)) {
          int from = ar.shardStart();
          int to = ar.shardEnd();
          assertEquals(Chunks.rangeStart(PARAMS, self, parties), from);
          for (int i = from; i < to; i++) {
            params[i] = self + 1;
          }
          ar.allGather(0, params, stats);
          for (int round = 1; round <= 2; round++) {
            // Partition 1 has no rows in round 2.
            boolean rows = !(self == 1 && round == 2);
            ar.reduceScatter(round, rows ? new PartialGradient(self, partial(self, round),
                self, 1 + self, 0.5, 7, null) : null);
            float[][] partials = ar.partials(round);
            for (int q = 0; q < parties; q++) {
              if (q == 1 && round == 2) {
                assertNull(partials[q]);
              } else if (to > from) {
                float[] expected = java.util.Arrays.copyOfRange(partial(q, round), from, to);
                assertArrayEquals(expected, partials[q], "slice of " + q + " at " + self);
              }
            }
            if (ar.knowsStepScalars()) {
              StepScalars s = new StepScalars();
              ar.stepScalars(round, s);
              double weight = round == 2 ? 1 + 3 : 1 + 2 + 3;
              assertEquals(weight, s.weightSum(), "weights of round " + round + " at " + self);
            }
            for (int i = from; i < to; i++) {
              params[i] = round * 10 + self;
            }
            ar.allGather(round, params, stats);
          }
          return params;
        }
      }));
    }
    float[] first = results.get(0).get(60, TimeUnit.SECONDS);
    for (Future<float[]> f : results) {
      assertArrayEquals(first, f.get(60, TimeUnit.SECONDS));
    }
    for (int p = 0; p < parties; p++) {
      for (int i = Chunks.rangeStart(PARAMS, p, parties);
          i < Chunks.rangeStart(PARAMS, p + 1, parties); i++) {
        assertEquals(20 + p, first[i], "parameter " + i);
      }
    }
  }

  @Test
  void aSilentPeerFailsTheStepNamingItAfterTheTimeout() throws Exception {
    ShardedAllReduce.Address address = job(2, 1500);
    Future<?> silent = pool.submit(() -> {
      float[] params = new float[PARAMS];
      StepStats stats = new StepStats(PARAMS, 2);
      try (ShardedAllReduce ar = ShardedAllReduce.join(address, 1, 2, PARAMS, params, stats)) {
        ar.allGather(0, params, stats);
        Thread.sleep(4000);
      }
      return null;
    });
    float[] params = new float[PARAMS];
    StepStats stats = new StepStats(PARAMS, 2);
    long t0 = System.nanoTime();
    CollectiveException e;
    try (ShardedAllReduce ar = ShardedAllReduce.join(address, 0, 2, PARAMS, params, stats)) {
      ar.allGather(0, params, stats);
      e = assertThrows(CollectiveException.class, () -> ar.reduceScatter(1,
          new PartialGradient(0, new float[PARAMS], 0, 1, 0, 0, null)));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds >= 1.4 && seconds < 4, "gave up after " + seconds + " s");
    assertTrue(e.getMessage().contains("partition 0 waited for a gradient slice of step 1 (test)"
        + " from partition 1 (executor driver on 127.0.0.1); nothing came within 1 s"),
        e.getMessage());
    silent.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTaskThatNeverJoinsFailsTheRendezvousAfterTheTimeout() {
    ShardedAllReduce.Address address = job(2, 1000);
    CollectiveException e = assertThrows(CollectiveException.class, () -> ShardedAllReduce.join(
        address, 0, 2, PARAMS, new float[PARAMS], new StepStats(PARAMS, 2)));
    assertTrue(e.getMessage().contains("partition 0 waited for the other tasks of its job to"
        + " start"), e.getMessage());
  }

  @Test
  void aJobTheDriverDoesNotKnowIsRefused() {
    ShardedAllReduce.Address unknown = new ShardedAllReduce.Address(rendezvous.host(),
        rendezvous.port(), -42, 5000, "test", 0);
    CollectiveException e = assertThrows(CollectiveException.class, () -> ShardedAllReduce.join(
        unknown, 0, 1, PARAMS, new float[PARAMS], new StepStats(PARAMS, 2)));
    assertTrue(e.getMessage().contains("no open training job -42"), e.getMessage());
  }
}
