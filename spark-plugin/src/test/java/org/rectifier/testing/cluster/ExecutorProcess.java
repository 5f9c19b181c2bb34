package org.rectifier.testing.cluster;

/**
 * One executor JVM ({@code CoarseGrainedExecutorBackend}) that a worker of a
 * {@link StandaloneCluster} launched, as seen in /proc.
 *
 * @param pid the executor JVM's process id
 * @param executorId Spark's executor id ({@code --executor-id}), as in the driver's UI and logs
 * @param appId the application it serves ({@code --app-id}), e.g. {@code app-2024...-0000}
 * @param parentPid its parent, the worker JVM while that is alive (1 or a subreaper once orphaned)
 */
public record ExecutorProcess(long pid, String executorId, String appId, long parentPid) {}
