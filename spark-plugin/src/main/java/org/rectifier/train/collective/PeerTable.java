package org.rectifier.train.collective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Where every task of one job listens: per partition, the host and port of its executor's
 * collective endpoint and the executor's id (for messages that name a lost peer).
 */
final class PeerTable {

  /** In place of the table's size: the asking task is a second copy of one that joined. */
  static final int COPY = -1;

  private final String[] hosts;
  private final int[] ports;
  private final String[] executors;

  PeerTable(String[] hosts, int[] ports, String[] executors) {
    this.hosts = hosts;
    this.ports = ports;
    this.executors = executors;
  }

  int size() {
    return hosts.length;
  }

  String host(int partition) {
    return hosts[partition];
  }

  int port(int partition) {
    return ports[partition];
  }

  String executor(int partition) {
    return executors[partition];
  }

  /** "partition 2 (executor 1 on 10.0.0.7)". */
  String describe(int partition) {
    return String.format(Locale.ROOT, "partition %d (executor %s on %s)", partition,
        executors[partition], hosts[partition]);
  }

  ByteBuffer encode() {
    int bytes = 4;
    for (int p = 0; p < hosts.length; p++) {
      bytes += Frame.stringBytes(hosts[p]) + 4 + Frame.stringBytes(executors[p]);
    }
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(hosts.length);
    for (int p = 0; p < hosts.length; p++) {
      Frame.putString(b, hosts[p]);
      b.putInt(ports[p]);
      Frame.putString(b, executors[p]);
    }
    b.flip();
    return b;
  }

  static PeerTable decode(ByteBuffer b) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    int n = b.getInt();
    String[] hosts = new String[n];
    int[] ports = new int[n];
    String[] executors = new String[n];
    for (int p = 0; p < n; p++) {
      hosts[p] = Frame.getString(b);
      ports[p] = b.getInt();
      executors[p] = Frame.getString(b);
    }
    return new PeerTable(hosts, ports, executors);
  }
}
