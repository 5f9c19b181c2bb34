package org.rectifier.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.ConvNetParams;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.nn.LayerTable;
import org.rectifier.nn.Topology;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.conv.KernelLayouts;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.nn.layer.Conv2DLayer;
import org.rectifier.train.InvalidInputException;

/**
 * A trained convolutional classifier. Produces rawPrediction (log-probabilities), probability
 * and prediction like any Spark ML probabilistic classifier, from an image column or a Vector
 * column of HWC values (see {@link ConvNetClassifier}).
 *
 * <p>Its {@link #weights()} are one flat array: per layer, in order, a conv layer's kernel in
 * Keras's {@code [kh][kw][in][out]} layout then its biases, a dense layer's weights as MLlib's
 * {@code numOut x numIn} column-major then its biases, then any PReLU slopes (one per channel
 * or unit). {@link #convKernel(int, String)} gives a conv kernel in either framework's layout.
 */
public class ConvNetClassificationModel
    extends ProbabilisticClassificationModel<Vector, ConvNetClassificationModel>
    implements ConvNetParams, MLWritable, HasTrainingSummary<MLPTrainingSummary> {

  private static final long serialVersionUID = 1L;

  /** Not final: uid() fills it while the Spark superclass is being constructed. */
  private String uid;
  private final ParamDefs defs;
  private final ModelCore core;

  /**
   * Only for discovery: Spark Connect's server finds Spark ML operators with Java's
   * {@code ServiceLoader}, which requires a public no-argument constructor of every class it
   * lists, but the server makes models only by {@code fit} and {@code load}.
   *
   * @throws UnsupportedOperationException always
   */
  public ConvNetClassificationModel() {
    throw new UnsupportedOperationException("A ConvNetClassificationModel comes from fit() or"
        + " load(); this constructor exists only for Spark Connect's ServiceLoader discovery");
  }

  ConvNetClassificationModel(String uid, Topology topology, double[] weights) {
    this(UidBinding.bind(uid), new ModelCore(topology, weights));
  }

  private ConvNetClassificationModel(String uid, ModelCore core) {
    this.uid = uid;
    UidBinding.release();
    this.defs = new ParamDefs(this, true);
    this.core = core;
    ImageShape shape = core.topology.inputShape();
    set(architecture(), core.topology.architecture());
    set(inputShape(), new int[] {shape.height(), shape.width(), shape.channels()});
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = UidBinding.pending();
    }
    return uid;
  }

  @Override
  public ParamDefs paramDefs() {
    return defs;
  }

  /** The flat parameters (layout in the class comment). */
  public Vector weights() {
    return core.weightsVector();
  }

  @Override
  public int numFeatures() {
    return core.topology.numInputs();
  }

  @Override
  public int numClasses() {
    return core.topology.numOutputs();
  }

  /**
   * The layers as Keras's {@code model.summary()} shows them: each layer, its output shape and
   * parameter count, and the total.
   */
  public String layerTable() {
    return LayerTable.of(core.topology).toString();
  }

  /**
   * The kernel of layer {@code layer} (0-based, counting every layer), a conv2d layer, in
   * {@code "keras"} layout {@code [kh][kw][in][out]} (as stored) or {@code "pytorch"}
   * {@code [out][in][kh][kw]}.
   *
   * @throws IllegalArgumentException for another layer kind or layout name
   */
  public float[] convKernel(int layer, String layout) {
    if (layer < 0 || layer >= core.topology.numLayers()
        || !(core.topology.layer(layer) instanceof Conv2DLayer)) {
      throw new IllegalArgumentException("layer " + layer + " is not a conv2d layer of "
          + core.topology.architecture());
    }
    Conv2DLayer conv = (Conv2DLayer) core.topology.layer(layer);
    float[] hwio = new float[conv.numWeights()];
    int off = core.topology.weightOffset(layer);
    for (int i = 0; i < hwio.length; i++) {
      hwio[i] = (float) core.weights[off + i];
    }
    switch (layout) {
      case "keras":
        return hwio;
      case "pytorch":
        return KernelLayouts.toPyTorch(hwio, conv.outImage().channels(),
            conv.inShape().channels(), conv.kernelHeight(), conv.kernelWidth());
      default:
        throw new IllegalArgumentException("layout is '" + layout + "'; expected keras or"
            + " pytorch");
    }
  }

  /** Per layer, the activation's learned parameters (prelu: one slope per channel or unit). */
  public double[][] activationParameters() {
    return core.activationParameters();
  }

  /** Whether this model came from a fit in this session (loaded models have no summary). */
  @Override
  public boolean hasSummary() {
    return core.hasSummary();
  }

  /** Spark's {@code HasTrainingSummary} state, where Spark Connect looks. */
  @Override
  public scala.Option<MLPTrainingSummary> trainingSummary() {
    return core.hasSummary() ? scala.Option.apply(summary()) : scala.Option.empty();
  }

  /** Spark Connect's model cache (Spark 4) calls this; the summary is not written. */
  public void saveSummary(String path) {
    // The summary lives with the model in memory only.
  }

  /** Spark Connect's model cache (Spark 4) calls this; the model then has no summary. */
  public void loadSummary(String path, Dataset<Row> dataset) {
    core.setSummary(null);
  }

  /** Sets the summary through Spark's {@code HasTrainingSummary} (an empty Option: none). */
  @Override
  public void trainingSummary_$eq(scala.Option<MLPTrainingSummary> summary) {
    core.setSummary(summary.isDefined() ? summary.get() : null);
  }

  /**
   * The fit's per-epoch history, layer table and per-channel activity.
   *
   * @throws IllegalStateException for a loaded model
   */
  @Override
  public MLPTrainingSummary summary() {
    return core.summary(getClass().getSimpleName());
  }

  ConvNetClassificationModel setSummary(MLPTrainingSummary summary) {
    core.setSummary(summary);
    return this;
  }

  @Override
  public Vector predictRaw(Vector features) {
    return ClassifierOutputs.logProbabilities(core.predictRaw(features, getFeaturesCol()));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    return ClassifierOutputs.softmaxInPlace(rawPrediction);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!ImageColumns.isImage(schema, getFeaturesCol())) {
      return super.transformSchema(schema);
    }
    return keepFeatures(super.transformSchema(
        ImageColumns.asVectorSchema(schema, getFeaturesCol())), schema, getFeaturesCol());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema(), true);
    if (!ImageColumns.isImage(dataset.schema(), getFeaturesCol())) {
      return ClassifierOutputs.transform(this, dataset, schema, core, getFeaturesCol());
    }
    Dataset<Row> withVectors = ImageColumns.withVectors(dataset, getFeaturesCol(),
        core.topology.inputShape());
    return ClassifierOutputs.transform(this, withVectors, schema, core, ImageColumns.VECTORS)
        .drop(ImageColumns.VECTORS);
  }

  @Override
  public ConvNetClassificationModel copy(ParamMap extra) {
    ConvNetClassificationModel copied =
        copyValues(new ConvNetClassificationModel(UidBinding.bind(uid), core), extra);
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelIO.save(ConvNetClassificationModel.this, core, path, sparkSession());
      }
    };
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<ConvNetClassificationModel> read() {
    return new MLReader<ConvNetClassificationModel>() {
      @Override
      public ConvNetClassificationModel load(String path) {
        ModelIO.Loaded loaded =
            ModelIO.load(path, sparkSession(), ConvNetClassificationModel.class, true, true);
        return loaded.withParams(new ConvNetClassificationModel(loaded.metadata.uid(),
            loaded.network.topology, loaded.network.weights));
      }
    };
  }

  /**
   * Loads a model saved with {@link #write()}, checking it whole on the driver.
   *
   * @throws InvalidInputException naming the path and what is wrong
   */
  public static ConvNetClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * Spark's own; re-declared only because javac sees two inherited Scala signatures of it that
   * differ in their generic return types.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public String toString() {
    return "ConvNetClassificationModel: uid=" + uid + ", inputShape="
        + core.topology.inputShape() + ", architecture=" + core.topology.architecture()
        + ", classes=" + core.topology.numOutputs();
  }

  /** A fresh uid with this class's prefix. */
  static String newUid() {
    return Identifiable.randomUID("convnet");
  }

  /**
   * Parses {@code spec} (and fits it to {@code shape} when known) to fail early.
   *
   * @throws InvalidInputException with the parser's message
   */
  static void checkArchitecture(String spec, ImageShape shape) {
    try {
      if (shape == null) {
        // An image column gives the shape only at fit.
        Architecture.checkSyntax(spec);
      } else {
        Architecture.classifier(spec, shape, 2);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  /** {@code out} with the features field as in {@code original} (an image struct). */
  static StructType keepFeatures(StructType out, StructType original, String featuresCol) {
    StructField[] fields = out.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(featuresCol)) {
        fields[i] = original.apply(featuresCol);
      }
    }
    return new StructType(fields);
  }
}
