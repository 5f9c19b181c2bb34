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
  private final Map<Integer, String> gangFailures = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> gangs = ConcurrentHashMap.newKeySet();
  private final Map<Integer, JobTail> tails = new ConcurrentHashMap<>();

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

  /**
   * Watches job {@code jobId}, whose tasks are an ordinary-task gang: Spark would retry a
   * failed one on its own, while its peers wait for it until the collective's timeout; instead,
   * the first failed task cancels the job (recorded for {@link #gangFailure}), so that the fit
   * retries the whole job at once.
   */
  void watchGang(int jobId) {
    gangs.add(jobId);
  }

  /** Why job {@code jobId}'s gang was cancelled, or null. */
  String gangFailure(int jobId) {
    return gangFailures.get(jobId);
  }

  /** How job {@code jobId}'s tasks are ending. */
  JobTail tail(int jobId) {
    return tails.computeIfAbsent(jobId, j -> new JobTail());
  }

  @Override
  public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
    Integer job = stageOfJob.get(end.stageId());
    if (job != null && end.reason() instanceof org.apache.spark.Success$) {
      tail(job).ended(end.taskInfo().index(), System.nanoTime());
    }
    if (job == null || !gangs.contains(job) || end.reason() instanceof org.apache.spark.Success$
        || end.reason() instanceof org.apache.spark.TaskKilled
        || gangFailures.containsKey(job)) {
      return;
    }
    String why = "partition " + end.taskInfo().index() + " (executor "
        + end.taskInfo().executorId() + " on " + end.taskInfo().host() + ") failed: "
        + end.reason().toString();
    gangFailures.put(job, why);
    sc.cancelJob(job, "Rectifier: a task of the training gang failed");
  }

  /** {executor, host} of partition {@code p}'s task in job {@code jobId}, or null if unknown. */
  String[] of(int jobId, int p) {
    return placement.get(((long) jobId << 32) | p);
  }

  /** Forgets job {@code jobId}. */
  void forget(int jobId) {
    placement.keySet().removeIf(k -> (k >>> 32) == jobId);
    stageOfJob.values().removeIf(j -> j == jobId);
    gangs.remove(jobId);
    gangFailures.remove(jobId);
    tails.remove(jobId);
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
