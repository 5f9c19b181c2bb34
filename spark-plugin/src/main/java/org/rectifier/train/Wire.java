package org.rectifier.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.rectifier.nn.LayerActivity;

/**
 * One end of a TCP link between the driver and a training task, with bulk float transfer.
 * Messages: task to driver, a partial gradient (present flag, three sums, the floats); driver to
 * task, a go-on flag and the new parameters.
 */
final class Wire implements AutoCloseable {

  /** A peer silent for this long is taken for dead. */
  static final int READ_TIMEOUT_MS = 600_000;
  private static final int SOCKET_BUFFER = 8 << 20;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private ByteBuffer buffer = ByteBuffer.allocate(0);

  Wire(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    // A whole parameter vector fits in the kernel buffers, so a write never waits for the reader.
    socket.setSendBufferSize(SOCKET_BUFFER);
    socket.setReceiveBufferSize(SOCKET_BUFFER);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
  }

  DataInputStream in() {
    return in;
  }

  DataOutputStream out() {
    return out;
  }

  void sendPartial(PartialGradient part) throws IOException {
    out.writeBoolean(part != null);
    if (part != null) {
      out.writeDouble(part.lossSum);
      out.writeDouble(part.weightSum);
      out.writeDouble(part.correctSum);
      out.writeLong(part.computeNanos);
      long[] zeros = part.activity.zeroCounts();
      for (long z : zeros) {
        out.writeLong(z);
      }
      out.writeLong(part.activity.rows());
      out.write(part.activity.activeFlags());
      writeFloats(part.gradient);
    }
    out.flush();
  }

  /** Reads a partial into {@code gradient}; null when the task had no rows in the step. */
  PartialGradient receivePartial(int partition, float[] gradient, int[] hiddenWidths)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    double loss = in.readDouble();
    double weight = in.readDouble();
    double correct = in.readDouble();
    long nanos = in.readLong();
    LayerActivity activity = new LayerActivity(hiddenWidths);
    long[] zeros = activity.zeroCounts();
    for (int l = 0; l < zeros.length; l++) {
      zeros[l] = in.readLong();
    }
    activity.setRows(in.readLong());
    in.readFully(activity.activeFlags());
    readFloats(gradient);
    return new PartialGradient(partition, gradient, loss, weight, correct, nanos, activity);
  }

  void sendParams(boolean goOn, float[] params) throws IOException {
    out.writeBoolean(goOn);
    writeFloats(params);
    out.flush();
  }

  /** Reads new parameters into {@code params}; false when the driver says stop. */
  boolean receiveParams(float[] params) throws IOException {
    boolean goOn = in.readBoolean();
    readFloats(params);
    return goOn;
  }

  void sendSums(double[] sums) throws IOException {
    for (double s : sums) {
      out.writeDouble(s);
    }
    out.flush();
  }

  double[] receiveSums() throws IOException {
    return new double[] {in.readDouble(), in.readDouble(), in.readDouble()};
  }

  private void writeFloats(float[] values) throws IOException {
    ByteBuffer b = buffer(values.length);
    b.asFloatBuffer().put(values);
    out.write(b.array(), 0, values.length * 4);
  }

  private void readFloats(float[] values) throws IOException {
    ByteBuffer b = buffer(values.length);
    in.readFully(b.array(), 0, values.length * 4);
    b.asFloatBuffer().get(values);
  }

  private ByteBuffer buffer(int floats) {
    if (buffer.capacity() < floats * 4) {
      buffer = ByteBuffer.allocate(floats * 4).order(ByteOrder.nativeOrder());
    }
    buffer.clear();
    return buffer;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Best effort: the link is finished either way.
    }
  }
}
