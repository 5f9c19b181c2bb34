package org.rectifier.train.loop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.collection.JavaConverters;

/**
 * Where Spark launched each task of the training jobs, heard from Spark's listener bus: a task
 * that never reached the rendezvous can then be named by its executor and host (a hung executor
 * keeps its slots, and Spark only gives up on it at its heartbeat timeout).
 */
final class TaskPlacement extends SparkListener implements AutoCloseable {

  private final SparkContext sc;
  private final Map<Integer, Integer> stageOfJob = new ConcurrentHashMap<>();
  private final Map<Long, String[]> placement = new ConcurrentHashMap<>();

  TaskPlacement(SparkContext sc) {
    this.sc = sc;
    sc.addSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    for (Object stage : JavaConverters.seqAsJavaList(job.stageIds())) {
      stageOfJob.put((Integer) stage, job.jobId());
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart task) {
    Integer job = stageOfJob.get(task.stageId());
    if (job != null) {
      placement.put(((long) job << 32) | task.taskInfo().index(),
          new String[] {task.taskInfo().executorId(), task.taskInfo().host()});
    }
  }

  /** {executor, host} of partition {@code p}'s task in job {@code jobId}, or null if unknown. */
  String[] of(int jobId, int p) {
    return placement.get(((long) jobId << 32) | p);
  }

  /** Forgets job {@code jobId}. */
  void forget(int jobId) {
    placement.keySet().removeIf(k -> (k >>> 32) == jobId);
    stageOfJob.values().removeIf(j -> j == jobId);
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
