package org.rectifier.examples;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file (gzipped or not) read from its header on, turning every way it can be malformed
 * or cut short into a {@link BadDataFile} that names the file: the format has no other integrity
 * check, so a truncated download otherwise shows up as a bare EOFException.
 */
final class IdxStream implements Closeable {

  /** IDX element type of MNIST's files: unsigned bytes. */
  private static final int UNSIGNED_BYTE = 0x08;

  final Path file;
  private final DataInputStream in;
  private final boolean gzipped;

  private IdxStream(Path file, DataInputStream in, boolean gzipped) {
    this.file = file;
    this.in = in;
    this.gzipped = gzipped;
  }

  static IdxStream open(Path file) throws IOException {
    InputStream in;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new BadDataFile(file, "no such file");
    }
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    boolean gzipped = b1 == 0x1f && b2 == 0x8b;
    if (gzipped) {
      try {
        in = new GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        in.close();
        throw new BadDataFile(file, "starts like a gzip file but its gzip header is damaged ("
            + e.getMessage() + ")", e);
      }
    }
    return new IdxStream(file, new DataInputStream(in), gzipped);
  }

  /**
   * Reads the header of a file of unsigned bytes with {@code dims} dimensions and returns their
   * sizes, the item count first.
   *
   * @param kind what the file should hold, e.g. "images (count, rows, columns)"
   */
  int[] header(int dims, String kind) throws IOException {
    int magic = headerInt();
    if ((magic >>> 16) != 0) {
      throw new BadDataFile(file, String.format(Locale.ROOT,
          "not an IDX file: it starts with 0x%08x, expected 0x%08x for %s", magic,
          UNSIGNED_BYTE << 8 | dims, kind));
    }
    if ((magic >>> 8) != UNSIGNED_BYTE) {
      throw new BadDataFile(file, String.format(Locale.ROOT,
          "IDX element type 0x%02x; expected 0x%02x (unsigned bytes) for %s", magic >>> 8,
          UNSIGNED_BYTE, kind));
    }
    if ((magic & 0xff) != dims) {
      throw new BadDataFile(file, String.format(Locale.ROOT,
          "an IDX file of %d dimension(s) (magic %d); expected %d for %s (magic %d)",
          magic & 0xff, magic, dims, kind, UNSIGNED_BYTE << 8 | dims));
    }
    int[] sizes = new int[dims];
    for (int d = 0; d < dims; d++) {
      sizes[d] = headerInt();
    }
    if (sizes[0] < 0) {
      throw new BadDataFile(file, "its header declares " + sizes[0] + " items (read as a signed"
          + " 32-bit count); expected a count >= 0");
    }
    return sizes;
  }

  /**
   * For a file that is not gzipped, fails unless it is long enough for {@code count} items of
   * {@code itemBytes} bytes after a header of {@code dims} dimensions; gzipped files are checked
   * as they are read, since their length is only known at the end.
   */
  void requireLength(int dims, long count, long itemBytes, String items) throws IOException {
    if (gzipped) {
      return;
    }
    long header = 4L * (1 + dims);
    long need = header + count * itemBytes;
    long size = Files.size(file);
    if (size < need) {
      throw new BadDataFile(file, String.format(Locale.ROOT,
          "truncated or a wrong count: its header declares %d %s (%d bytes with the header),"
              + " but the file has %d bytes", count, items, need, size));
    }
  }

  /** Reads item {@code index} (0-based) of {@code count} into {@code buf}. */
  void readItem(byte[] buf, long index, long count, String items) throws IOException {
    try {
      in.readFully(buf);
    } catch (IOException e) {
      throw readFailure(e, index, count, items);
    }
  }

  /** Reads one unsigned byte, item {@code index} of {@code count}. */
  int readByte(long index, long count, String items) throws IOException {
    try {
      return in.readUnsignedByte();
    } catch (IOException e) {
      throw readFailure(e, index, count, items);
    }
  }

  private int headerInt() throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new BadDataFile(file, "too short for an IDX header (empty or truncated)", e);
    } catch (ZipException e) {
      throw new BadDataFile(file, "corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  private IOException readFailure(IOException e, long index, long count, String items) {
    if (e instanceof EOFException) {
      return new BadDataFile(file, String.format(Locale.ROOT,
          "truncated: it ends after %d of the %d %s its header declares%s", index, count, items,
          gzipped ? " (gzipped)" : ""), e);
    }
    if (e instanceof ZipException) {
      return new BadDataFile(file, String.format(Locale.ROOT,
          "corrupt gzip data in %s %d of %d (%s)", items, index + 1, count, e.getMessage()), e);
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
