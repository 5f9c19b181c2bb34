package org.rectifier.train.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code stallfs:}, except that writing the state of
 * the checkpoint after epoch {@link #STALL_EPOCH} stops halfway, forever, after dropping a
 * marker file {@code STALLED} next to the checkpoint directory: a test then kills the writer
 * in the middle of a checkpoint write. Register with
 * {@code spark.hadoop.fs.stallfs.impl=org.rectifier.train.checkpoint.StallingFileSystem}.
 */
public class StallingFileSystem extends RawLocalFileSystem {

  /** The checkpoint whose write stalls. */
  static final String STALL_EPOCH = "epoch-000003";

  @Override
  public URI getUri() {
    return URI.create("stallfs:///");
  }

  @Override
  public String getScheme() {
    return "stallfs";
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    return stalling(f, super.create(f, permission, overwrite, bufferSize, replication,
        blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    return stalling(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream stalling(Path f, FSDataOutputStream out) throws IOException {
    boolean stall = f.getName().equals("state.bin")
        && f.getParent().getName().startsWith("_tmp-" + STALL_EPOCH);
    if (!stall) {
      return out;
    }
    java.nio.file.Path marker = Paths.get(f.getParent().getParent().toUri().getPath(),
        "STALLED");
    return new FSDataOutputStream(new FilterOutputStream(out) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
        if (written > 32 * 1024) {
          out.flush();
          Files.writeString(marker, "stalled after " + written + " bytes");
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
          }
        }
      }
    }, null);
  }
}
