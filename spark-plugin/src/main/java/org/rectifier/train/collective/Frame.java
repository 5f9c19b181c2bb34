package org.rectifier.train.collective;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.spark.network.buffer.NettyManagedBuffer;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.protocol.OneWayMessage;

/**
 * The header every collective message starts with, and the helpers to build and read bodies.
 * Spark's transport frames, authenticates and (optionally) encrypts the whole message; this
 * header only routes it: which job, which sender and receiver, which round. A message whose
 * header does not parse, or names no open job, is dropped.
 *
 * <pre>
 * int magic 'RCTF' | byte version | byte kind | long job | int from | int to | int round | body
 * </pre>
 */
final class Frame {

  static final int MAGIC = 0x52435446;
  static final byte VERSION = 1;
  /** Task to driver: join a job's gang (a request; the answer is the peer table). */
  static final byte JOIN = 1;
  /** Sender's partial gradient for the receiver's shard, with the sender's step scalars. */
  static final byte SLICE = 2;
  /** Owner's updated float32 shard (and, to partition 0, its chunks' step sums). */
  static final byte SHARD = 3;
  /** Task to driver at the job's end: its shard's float64 state (a request). */
  static final byte STATE = 4;
  /** Task to driver: these executors' tasks sent nothing within the timeout (one-way). */
  static final byte SILENT = 5;
  /** Owner to owners: its chunks' squared mean gradient, for global-norm clipping. */
  static final byte NORM = 6;
  static final int HEADER_BYTES = 4 + 1 + 1 + 8 + 4 + 4 + 4;

  final byte kind;
  final long job;
  final int from;
  final int to;
  final int round;

  private Frame(byte kind, long job, int from, int to, int round) {
    this.kind = kind;
    this.job = job;
    this.from = from;
    this.to = to;
    this.round = round;
  }

  /** A little-endian heap buffer of {@code bodyBytes} after a header (small requests). */
  static ByteBuffer allocate(byte kind, long job, int from, int to, int round, int bodyBytes) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).put(VERSION).put(kind).putLong(job).putInt(from).putInt(to).putInt(round);
    return b;
  }

  /**
   * An outgoing one-way message in a pooled direct buffer: written in place and handed to
   * Netty, which releases it once sent. A heap buffer would be copied to direct memory on every
   * send (measured here: 0.63 against 0.47 ms per 512 KiB message on loopback).
   */
  static final class Out {
    private final ByteBuf buf;
    /** Where the body is written. */
    final ByteBuffer body;

    Out(byte kind, long job, int from, int to, int round, int bodyBytes) {
      int size = HEADER_BYTES + bodyBytes;
      buf = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
      body = buf.nioBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
      body.putInt(MAGIC).put(VERSION).put(kind).putLong(job).putInt(from).putInt(to)
          .putInt(round);
    }

    /** Bytes written so far, header included. */
    int size() {
      return body.position();
    }

    /** Sends what was written; the buffer belongs to Netty from here on. */
    void send(TransportClient client) {
      buf.writerIndex(body.position());
      client.getChannel().writeAndFlush(new OneWayMessage(new NettyManagedBuffer(buf)));
    }
  }

  /**
   * Reads the header of {@code message} (leaving its position at the body), or returns null if
   * it is not a collective message of this version.
   */
  static Frame read(ByteBuffer message) {
    ByteBuffer b = message.order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < HEADER_BYTES || b.getInt() != MAGIC || b.get() != VERSION) {
      return null;
    }
    return new Frame(b.get(), b.getLong(), b.getInt(), b.getInt(), b.getInt());
  }

  static void putString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putInt(bytes.length).put(bytes);
  }

  static String getString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static int stringBytes(String s) {
    return 4 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Copies {@code count} floats from {@code src[offset..]} into {@code b}. */
  static void putFloats(ByteBuffer b, float[] src, int offset, int count) {
    b.asFloatBuffer().put(src, offset, count);
    b.position(b.position() + 4 * count);
  }

  /** Copies {@code count} floats from {@code b} into {@code dst[offset..]}. */
  static void getFloats(ByteBuffer b, float[] dst, int offset, int count) {
    b.asFloatBuffer().get(dst, offset, count);
    b.position(b.position() + 4 * count);
  }
}
