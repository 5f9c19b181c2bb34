package org.rectifier.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * PyTorch as the benchmark's single-machine peer: exports the rows Rectifier trained on, runs
 * {@code torch_mlp_benchmark.py} (same network, batch, Adam constants and epochs) with Debian's
 * PyTorch in a child process, and reads back one JSON line per thread setting it tried.
 */
final class TorchPeer {

  /**
   * Debian's interpreter, where {@code python3-torch} installs: the {@code python3} first on PATH
   * may be another build without it.
   */
  static final String PYTHON = "/usr/bin/python3";

  /** Thread settings the script tries (see its docstring): torch threads[:BLAS threads[:passive]]. */
  static final String SETTINGS = "1,2,1:2,2:2:passive";

  private static final String SCRIPT = "torch_mlp_benchmark.py";
  private static final int SETTING_COUNT = SETTINGS.split(",").length;

  /** One training run of the script. */
  static final class Run {
    /** The thread setting, e.g. {@code threads=1 interop=1 blas=2}. */
    final String setting;
    /** Training rows / median seconds of epochs 2..n; NaN if the run failed. */
    final double rowsPerSecond;
    /** Median seconds of epochs 2..n. */
    final double medianEpochSeconds;
    /** The whole training loop, epoch 1 included. */
    final double loopSeconds;
    /** Rows-weighted mean training loss of the last epoch. */
    final double finalLoss;
    /** Accuracy on the exported test rows. */
    final double testAccuracy;
    /** The script's error for this setting, or null. */
    final String error;

    Run(JsonNode json) {
      setting = json.path("setting").asText("?");
      rowsPerSecond = json.path("rows_per_second").asDouble(Double.NaN);
      medianEpochSeconds = json.path("median_epoch_seconds").asDouble(Double.NaN);
      loopSeconds = json.path("loop_seconds").asDouble(Double.NaN);
      finalLoss = json.path("final_loss").asDouble(Double.NaN);
      testAccuracy = json.path("test_accuracy").asDouble(Double.NaN);
      error = json.hasNonNull("error") ? json.get("error").asText() : null;
    }
  }

  /** Every setting tried, in order, and the fastest of them. */
  static final class Result {
    /** The runs, one per setting. */
    final List<Run> runs;
    /** The setting with the most rows per second. */
    final Run best;
    /** {@code torch.__version__}. */
    final String torchVersion;
    /** The BLAS library PyTorch's GEMMs ran on (read from the process's memory maps). */
    final String blas;

    Result(List<Run> runs, JsonNode finalLine) {
      this.runs = runs;
      this.best = new Run(finalLine);
      this.torchVersion = finalLine.path("torch").asText("?");
      this.blas = finalLine.path("blas").asText("?");
    }
  }

  private TorchPeer() {}

  /**
   * Null when {@value #PYTHON} can import torch; else a one-line note saying how to install it.
   * Never installs anything itself.
   */
  static String unavailableNote() {
    String note = "PyTorch: skipped, " + PYTHON + " cannot import torch; install it with"
        + " 'apt-get install python3-torch' (Debian's PyTorch, CPU) or pass --skip-torch";
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      // Importing torch takes ~2 s; a minute covers a loaded machine.
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return note + " (import timed out)";
      }
      return p.exitValue() == 0 ? null : note;
    } catch (IOException e) {
      return note;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return note;
    }
  }

  /**
   * Trains the peer on exactly {@code train}'s rows in their order and evaluates on {@code test},
   * {@code epochs} epochs per setting. The exported files live in a temporary directory that is
   * deleted afterwards.
   */
  static Result run(Dataset<Row> train, long trainRows, Dataset<Row> test, long testRows,
      int features, int epochs, int batch, long seed) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("rectifier-torch-");
    try {
      export(train, trainRows, features, dir.resolve("train_x.npy"), dir.resolve("train_y.npy"));
      export(test, testRows, features, dir.resolve("test_x.npy"), dir.resolve("test_y.npy"));
      Path script = dir.resolve(SCRIPT);
      try (InputStream in = TorchPeer.class.getResourceAsStream(SCRIPT)) {
        if (in == null) {
          throw new IOException(SCRIPT + " is not on the classpath (build the examples module)");
        }
        Files.copy(in, script);
      }
      // Generous: ~1 s per epoch was measured here with OpenBLAS; the reference BLAS is ~20x
      // slower, and a hung child must not hang the benchmark.
      long perSetting = 120 + 120L * epochs;
      List<String> lines = execute(List.of(PYTHON, script.toString(), "--data", dir.toString(),
          "--epochs", Integer.toString(epochs), "--batch", Integer.toString(batch),
          "--seed", Long.toString(seed), "--settings", SETTINGS,
          "--timeout-seconds", Long.toString(perSetting)), perSetting * SETTING_COUNT + 60);
      ObjectMapper mapper = new ObjectMapper();
      List<Run> runs = new ArrayList<>();
      for (String line : lines) {
        JsonNode json = mapper.readTree(line);
        if (json.path("final").asBoolean(false)) {
          if (json.hasNonNull("error")) {
            throw new IOException("PyTorch peer: " + json.get("error").asText());
          }
          return new Result(runs, json);
        }
        runs.add(new Run(json));
      }
      throw new IOException("PyTorch peer printed no final line");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Adds section "7-torch" to the report: each setting, the best, and Rectifier beside it. */
  static void addFigures(Report report, Result torch, int epochs, double oursRowsPerSecond,
      double oursFitSeconds, double oursLoss, double oursAccuracy) {
    for (Run r : torch.runs) {
      report.add("7-torch", "PyTorch " + r.setting, r.rowsPerSecond, "rows/s",
          r.error != null ? "failed: " + r.error
              : String.format(Locale.ROOT, "median epoch %.2f s, loop %.1f s, loss %.4f, acc %.4f",
                  r.medianEpochSeconds, r.loopSeconds, r.finalLoss, r.testAccuracy));
    }
    Run best = torch.best;
    report.add("7-torch", "PyTorch best rows per second", best.rowsPerSecond, "rows/s",
        best.setting + "; torch " + torch.torchVersion + ", " + torch.blas);
    report.add("7-torch", "PyTorch seconds per epoch (median of epochs 2..n)",
        best.medianEpochSeconds, "s");
    report.add("7-torch", "PyTorch whole training loop, " + epochs + " epochs", best.loopSeconds,
        "s", "epoch 1 included; data loading excluded");
    report.add("7-torch", "Rectifier local[2] rows per second (section 3)", oursRowsPerSecond,
        "rows/s");
    report.add("7-torch", "Rectifier / PyTorch rows per second (target >= 1.0)",
        oursRowsPerSecond / best.rowsPerSecond, "ratio");
    report.add("7-torch", "Rectifier whole fit / PyTorch whole loop", oursFitSeconds
        / best.loopSeconds, "ratio", String.format(Locale.ROOT,
            "%.1f s vs %.1f s; the fit also validates and caches the data", oursFitSeconds,
            best.loopSeconds));
    report.add("7-torch", "PyTorch final training loss", best.finalLoss, "",
        String.format(Locale.ROOT, "Rectifier %.4f (He-normal init; PyTorch's default init)",
            oursLoss));
    report.add("7-torch", "PyTorch test accuracy after " + epochs + " epochs", best.testAccuracy,
        "", String.format(Locale.ROOT, "Rectifier %.4f", oursAccuracy));
  }

  /**
   * Runs the command with stderr on this console and returns its stdout lines (each also echoed
   * in short as it arrives); fails on a non-zero exit or after {@code timeoutSeconds}.
   */
  private static List<String> execute(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    // A reader thread, so that the main thread can bound its wait.
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
          System.out.println("PyTorch: " + (line.length() > 160 ? line.substring(0, 160) + "..."
              : line));
        }
      } catch (IOException e) {
        // The process died or was killed; waitFor below reports it.
      }
    }, "torch-peer-stdout");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      // The script runs each setting in a child process of its own: end those too.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("PyTorch peer timed out after " + timeoutSeconds + " s");
    }
    reader.join(10_000);
    if (p.exitValue() != 0) {
      throw new IOException("PyTorch peer exited with " + p.exitValue());
    }
    return new ArrayList<>(lines);
  }

  /**
   * Writes the rows' features as a float32 {@code .npy} matrix and their labels as an int32
   * {@code .npy} vector, in the Dataset's order (partition by partition, as Rectifier numbers
   * them), streaming one partition at a time to the driver.
   */
  private static void export(Dataset<Row> rows, long count, int features, Path xFile,
      Path yFile) throws IOException {
    try (Npy x = new Npy(xFile, "<f4", count + ", " + features);
        Npy y = new Npy(yFile, "<i4", count + ",")) {
      Iterator<Row> it = rows.select("features", "label").toLocalIterator();
      long written = 0;
      while (it.hasNext()) {
        Row row = it.next();
        Vector v = row.getAs(0);
        if (v.size() != features) {
          throw new IOException("row " + written + " has " + v.size() + " features, not "
              + features);
        }
        for (int i = 0; i < features; i++) {
          x.buffer(4).putFloat((float) v.apply(i));
        }
        y.buffer(4).putInt((int) row.getDouble(1));
        written++;
      }
      if (written != count) {
        throw new IOException("exported " + written + " rows, expected " + count);
      }
    }
  }

  /** A little-endian {@code .npy} file (format 1.0) written through a buffer. */
  private static final class Npy implements AutoCloseable {
    private final FileChannel channel;
    private final ByteBuffer buffer =
        ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

    Npy(Path file, String dtype, String shape) throws IOException {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      StringBuilder header = new StringBuilder("{'descr': '" + dtype
          + "', 'fortran_order': False, 'shape': (" + shape + "), }");
      // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64
      // and ended by a newline, as numpy writes it.
      while ((10 + header.length() + 1) % 64 != 0) {
        header.append(' ');
      }
      header.append('\n');
      buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII))
          .put((byte) 1).put((byte) 0).putShort((short) header.length())
          .put(header.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The buffer, with room for {@code bytes} more. */
    ByteBuffer buffer(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
      return buffer;
    }

    private void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        channel.close();
      }
    }
  }
}
