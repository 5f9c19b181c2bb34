package org.rectifier.train.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.rectifier.nn.TrainingHistory;
import org.rectifier.train.step.StepTraffic;

/**
 * The two files of a checkpoint. {@code state.bin}: the arrays, as big-endian doubles after a
 * small header, with a CRC-32 of everything before it at the end. {@code meta.json}: the fit's
 * fingerprint, the epoch, the optimizer's step count, early stopping and the history, readable
 * by an operator, with the state file's length and CRC. No Java serialization.
 */
final class CheckpointFormat {

  static final int MAGIC = 0x52434b50; // "RCKP"
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointFormat() {}

  /** Writes the arrays; returns their CRC-32. */
  static long writeState(Checkpoint c, OutputStream raw) throws IOException {
    CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(checked,
        1 << 16));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(c.weights.length);
    out.writeInt(c.optimizerState.length + (c.bestWeights == null ? 0 : 1));
    writeDoubles(out, c.weights);
    for (double[] a : c.optimizerState) {
      writeDoubles(out, a);
    }
    if (c.bestWeights != null) {
      writeDoubles(out, c.bestWeights);
    }
    out.flush();
    long crc = checked.getChecksum().getValue();
    out.writeLong(crc);
    out.flush();
    return crc;
  }

  private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
    for (double v : a) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  /**
   * Reads what {@link #writeState} wrote, verifying the CRC; the arrays are the weights, the
   * optimizer's state arrays, then the best weights if stored.
   */
  static double[][] readState(InputStream raw, long expectedCrc) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a Rectifier checkpoint state file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("state format version " + version + ", expected " + VERSION);
    }
    int n = in.readInt();
    int arrays = in.readInt();
    if (n < 0 || arrays < 0 || arrays > 8) {
      throw new IOException("bad header: " + n + " parameters, " + arrays + " state arrays");
    }
    double[][] out = new double[1 + arrays][n];
    for (double[] a : out) {
      for (int i = 0; i < n; i++) {
        a[i] = Double.longBitsToDouble(in.readLong());
      }
    }
    long crc = crcOf(n, arrays, out);
    long stored = in.readLong();
    if (stored != crc || stored != expectedCrc) {
      throw new IOException("state file checksum mismatch (truncated or corrupt)");
    }
    if (in.read() != -1) {
      throw new IOException("state file has trailing bytes");
    }
    return out;
  }

  private static long crcOf(int n, int arrays, double[][] values) {
    CRC32 crc = new CRC32();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
    b.putInt(MAGIC).putInt(VERSION);
    crc.update(b.array(), 0, 8);
    b.clear();
    b.putInt(n).putInt(arrays);
    crc.update(b.array(), 0, 8);
    for (double[] a : values) {
      for (double v : a) {
        b.clear();
        b.putLong(Double.doubleToRawLongBits(v));
        crc.update(b.array(), 0, 8);
      }
    }
    return crc.getValue();
  }

  static byte[] meta(Checkpoint c, long stateBytes, long stateCrc) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", VERSION);
    root.put("epochsDone", c.epochsDone);
    root.put("step", 0);
    root.put("optimizer", c.optimizer);
    root.put("optimizerIterations", c.iterations);
    root.put("convergenceBest", Double.toString(c.convergenceBest));
    root.put("convergenceStale", c.convergenceStale);
    root.put("bestWeightsStored", c.bestWeights != null);
    root.put("stateBytes", stateBytes);
    root.put("stateCrc32", stateCrc);
    ObjectNode fp = root.putObject("fingerprint");
    c.fingerprint.fields().forEach(fp::put);
    ArrayNode history = root.putArray("history");
    for (TrainingHistory.Epoch e : c.history) {
      ObjectNode h = history.addObject();
      h.put("epoch", e.epoch);
      h.put("loss", Double.toString(e.loss));
      h.put("accuracy", Double.toString(e.accuracy));
      h.put("seconds", e.seconds);
      h.put("rowsPerSecond", e.rowsPerSecond);
      h.put("steps", e.steps);
      h.put("computeSeconds", e.computeSeconds);
      array(h.putArray("sparsity"), e.sparsity);
      array(h.putArray("deadFraction"), e.deadFraction);
      array(h.putArray("gradientNorm"), e.gradientNorm);
      h.put("validationLoss", Double.toString(e.validationLoss));
      h.put("validationAccuracy", Double.toString(e.validationAccuracy));
      h.put("stepSize", Double.toString(e.stepSize));
      h.put("clippedSteps", e.clippedSteps);
    }
    ArrayNode traffic = root.putArray("traffic");
    for (StepTraffic t : c.traffic) {
      array(traffic.addArray(), new double[] {t.taskBytesOut, t.taskBytesIn, t.taskMessagesOut,
          t.taskMessagesIn, t.driverBytes, t.driverMessages, t.scatterMillis, t.updateMillis,
          t.gatherMillis});
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private static void array(ArrayNode node, double[] values) {
    for (double v : values) {
      node.add(Double.toString(v));
    }
  }

  /** The parts of meta.json a reader needs before the state. */
  static final class Meta {
    final JsonNode root;
    final int epochsDone;
    final long stateBytes;
    final long stateCrc;
    final FitFingerprint fingerprint;

    Meta(JsonNode root) throws IOException {
      this.root = root;
      if (root.path("format").asInt(-1) != VERSION) {
        throw new IOException("metadata format " + root.path("format") + ", expected "
            + VERSION);
      }
      this.epochsDone = required(root, "epochsDone").asInt();
      this.stateBytes = required(root, "stateBytes").asLong();
      this.stateCrc = required(root, "stateCrc32").asLong();
      Map<String, String> f = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = required(root, "fingerprint").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        f.put(e.getKey(), e.getValue().asText());
      }
      this.fingerprint = new FitFingerprint(f);
    }
  }

  static Meta readMeta(byte[] bytes) throws IOException {
    return new Meta(JSON.readTree(bytes));
  }

  /** Joins the metadata and the state arrays into a checkpoint. */
  static Checkpoint checkpoint(Meta meta, double[][] state) throws IOException {
    JsonNode root = meta.root;
    boolean best = root.path("bestWeightsStored").asBoolean(false);
    if (best && state.length < 2) {
      throw new IOException("metadata says best weights are stored, but the state file holds "
          + state.length + " array(s)");
    }
    double[][] optimizerState = new double[state.length - 1 - (best ? 1 : 0)][];
    System.arraycopy(state, 1, optimizerState, 0, optimizerState.length);
    List<TrainingHistory.Epoch> history = new ArrayList<>();
    for (JsonNode h : required(root, "history")) {
      history.add(new TrainingHistory.Epoch(h.path("epoch").asInt(), num(h, "loss"),
          num(h, "accuracy"), h.path("seconds").asDouble(), h.path("rowsPerSecond").asDouble(),
          h.path("steps").asInt(), h.path("computeSeconds").asDouble(), nums(h, "sparsity"),
          nums(h, "deadFraction"), nums(h, "gradientNorm"), num(h, "validationLoss"),
          num(h, "validationAccuracy"), num(h, "stepSize"), h.path("clippedSteps").asInt()));
    }
    List<StepTraffic> traffic = new ArrayList<>();
    for (JsonNode t : required(root, "traffic")) {
      double[] v = new double[9];
      for (int i = 0; i < 9; i++) {
        v[i] = Double.parseDouble(t.get(i).asText());
      }
      traffic.add(new StepTraffic(v[0], v[1], v[2], v[3], v[4], v[5],
          new double[] {v[6], v[7], v[8]}));
    }
    return new Checkpoint(meta.epochsDone, meta.fingerprint, state[0],
        required(root, "optimizer").asText(), required(root, "optimizerIterations").asLong(),
        optimizerState, num(root, "convergenceBest"), required(root, "convergenceStale").asInt(),
        history, traffic, best ? state[state.length - 1] : null);
  }

  private static JsonNode required(JsonNode node, String field) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IOException("metadata lacks '" + field + "'");
    }
    return v;
  }

  private static double num(JsonNode node, String field) throws IOException {
    return Double.parseDouble(required(node, field).asText());
  }

  private static double[] nums(JsonNode node, String field) throws IOException {
    JsonNode a = required(node, field);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.parseDouble(a.get(i).asText());
    }
    return out;
  }
}
