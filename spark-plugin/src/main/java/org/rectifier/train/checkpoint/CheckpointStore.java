package org.rectifier.train.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fit's checkpoints in one directory of any Hadoop FileSystem: {@code epoch-000005/} holds the
 * state after epoch 5 ({@code state.bin}, {@code meta.json}). A checkpoint is written into a
 * {@code _tmp-*} directory, metadata last, then renamed into place, so a crash mid-write leaves
 * no directory a reader would take (and a reader also checks the state's length and CRC, for
 * stores where rename is a copy). The two newest checkpoints are kept.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("epoch-(\\d{6,})");
  static final String STATE = "state.bin";
  static final String META = "meta.json";
  /** Checkpoints kept after each write. */
  static final int KEEP = 2;

  private final Path dir;
  private final FileSystem fs;

  private CheckpointStore(Path dir, FileSystem fs) {
    this.dir = dir;
    this.fs = fs;
  }

  /**
   * The store at {@code dir}, created if missing.
   *
   * @throws IllegalArgumentException naming the param when the path is unusable
   */
  public static CheckpointStore open(String dir, Configuration hadoopConf) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(hadoopConf);
      fs.mkdirs(path);
      if (!fs.getFileStatus(path).isDirectory()) {
        throw new IOException("not a directory");
      }
      return new CheckpointStore(fs.makeQualified(path), fs);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Param checkpointDir is '" + dir + "', which cannot be"
          + " used as a directory: " + e.getMessage(), e);
    }
  }

  /** The directory, qualified. */
  public String path() {
    return dir.toString();
  }

  /**
   * Writes {@code c} and keeps the {@value #KEEP} newest checkpoints.
   *
   * @return bytes written
   */
  public long write(Checkpoint c) {
    String name = String.format(Locale.ROOT, "epoch-%06d", c.epochsDone);
    Path tmp = new Path(dir, "_tmp-" + name + "-" + UUID.randomUUID());
    Path target = new Path(dir, name);
    try {
      fs.mkdirs(tmp);
      long crc;
      try (OutputStream out = fs.create(new Path(tmp, STATE), true)) {
        crc = CheckpointFormat.writeState(c, out);
      }
      long stateBytes = fs.getFileStatus(new Path(tmp, STATE)).getLen();
      byte[] meta = CheckpointFormat.meta(c, stateBytes, crc);
      try (OutputStream out = fs.create(new Path(tmp, META), true)) {
        out.write(meta);
      }
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
      prune();
      return stateBytes + meta.length;
    } catch (IOException e) {
      try {
        fs.delete(tmp, true);
      } catch (IOException ignored) {
        // The half-written directory is ignored by readers anyway.
      }
      throw new UncheckedIOException("Rectifier: could not write the checkpoint of epoch "
          + c.epochsDone + " to " + target, e);
    }
  }

  /**
   * The newest checkpoint that reads back whole, or null. Unreadable ones (truncated, corrupt)
   * are skipped with a warning, so an older one is used.
   */
  public Checkpoint latest() {
    for (Path p : complete()) {
      try {
        return read(p);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Rectifier: skipping the unreadable checkpoint {}: {}", p, e.getMessage());
      }
    }
    return null;
  }

  private Checkpoint read(Path p) throws IOException {
    CheckpointFormat.Meta meta;
    try (FSDataInputStream in = fs.open(new Path(p, META))) {
      meta = CheckpointFormat.readMeta(in.readAllBytes());
    }
    long len = fs.getFileStatus(new Path(p, STATE)).getLen();
    if (len != meta.stateBytes) {
      throw new IOException("state.bin has " + len + " bytes, its metadata says "
          + meta.stateBytes);
    }
    double[][] state;
    try (InputStream in = fs.open(new Path(p, STATE))) {
      state = CheckpointFormat.readState(in, meta.stateCrc);
    }
    return CheckpointFormat.checkpoint(meta, state);
  }

  /** Checkpoint directories, newest first (temporary ones excluded). */
  List<Path> complete() {
    List<Path> out = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(dir)) {
        Matcher m = NAME.matcher(s.getPath().getName());
        if (s.isDirectory() && m.matches()) {
          out.add(s.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Rectifier: cannot list checkpoints in " + dir, e);
    }
    out.sort(Comparator.comparingLong(CheckpointStore::epochOf).reversed());
    return out;
  }

  private static long epochOf(Path p) {
    Matcher m = NAME.matcher(p.getName());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private void prune() throws IOException {
    List<Path> all = complete();
    for (int i = KEEP; i < all.size(); i++) {
      fs.delete(all.get(i), true);
    }
  }
}
