package org.rectifier.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.MLPParams;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.nn.Topology;

/**
 * A trained ReLU-family MLP classifier. Produces rawPrediction (the logits), probability
 * (their softmax) and prediction like any Spark ML probabilistic classifier, so thresholds and
 * the Spark evaluators work on its output.
 */
public class MLPClassificationModel
    extends ProbabilisticClassificationModel<Vector, MLPClassificationModel>
    implements MLPParams, MLWritable, HasTrainingSummary<MLPTrainingSummary> {

  private static final long serialVersionUID = 1L;

  /** Not final: uid() fills it while the Spark superclass is being constructed. */
  private String uid;
  private final ParamDefs defs;
  private final ModelCore core;

  /**
   * Only for discovery: Spark Connect's server finds Spark ML operators with Java's
   * {@code ServiceLoader}, which requires a public no-argument constructor of every class it
   * lists, but the server makes models only by {@code fit} and {@code load}. A model needs a
   * network, so this one refuses.
   *
   * @throws UnsupportedOperationException always
   */
  public MLPClassificationModel() {
    throw new UnsupportedOperationException("A MLPClassificationModel comes from fit() or load(); this"
        + " constructor exists only for Spark Connect's ServiceLoader discovery");
  }

  MLPClassificationModel(String uid, Topology topology, double[] weights) {
    this(UidBinding.bind(uid), new ModelCore(topology, weights));
  }

  private MLPClassificationModel(String uid, ModelCore core) {
    this.uid = uid;
    UidBinding.release();
    this.defs = new ParamDefs(this);
    this.core = core;
    set(layers(), core.topology.layers());
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

  /** The flat parameters, in the engine's (MLlib's) layout. */
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
   * Per hidden layer (input side first), the activation's learned parameters: for {@code prelu}
   * one negative-side slope per unit; empty arrays for activations without parameters (relu,
   * leaky_relu's alpha is fixed, elu, ...).
   */
  public double[][] activationParameters() {
    return core.activationParameters();
  }

  /** Whether this model came from a fit in this session (loaded models have no summary). */
  @Override
  public boolean hasSummary() {
    return core.hasSummary();
  }

  /**
   * Spark's {@code HasTrainingSummary} state, which is where Spark Connect looks: the summary
   * (if any) as an Option. Connect clients fetch {@code summary}, then its
   * {@code objectiveHistory} (the training loss per epoch) or {@code totalIterations}.
   */
  @Override
  public scala.Option<MLPTrainingSummary> trainingSummary() {
    return core.hasSummary() ? scala.Option.apply(summary()) : scala.Option.empty();
  }

  /**
   * Spark Connect's model cache (Spark 4) calls this when it moves a fitted model to its local
   * disk. The summary is not written: it lives with the model in memory, and a model the cache
   * reads back has none, as any loaded model ({@link #loadSummary}).
   */
  public void saveSummary(String path) {
    // Nothing to write; see above.
  }

  /**
   * Spark Connect's model cache (Spark 4) calls this when it reads a model back from its local
   * disk; the model then has no summary, as any loaded model.
   */
  public void loadSummary(String path, Dataset<Row> dataset) {
    core.setSummary(null);
  }

  /** Sets the summary through Spark's {@code HasTrainingSummary} (an empty Option: none). */
  @Override
  public void trainingSummary_$eq(scala.Option<MLPTrainingSummary> summary) {
    core.setSummary(summary.isDefined() ? summary.get() : null);
  }

  /**
   * The fit's per-epoch history.
   *
   * @throws IllegalStateException for a loaded model
   */
  @Override
  public MLPTrainingSummary summary() {
    return core.summary(getClass().getSimpleName());
  }

  MLPClassificationModel setSummary(MLPTrainingSummary summary) {
    core.setSummary(summary);
    return this;
  }

  /**
   * Log-probabilities: the output logits shifted by their log-sum-exp. Softmax ignores the shift,
   * but without it entry k alone would not rank rows by the probability of class k, and
   * BinaryClassificationEvaluator ranks by entry 1 of rawPrediction.
   */
  @Override
  public Vector predictRaw(Vector features) {
    return ClassifierOutputs.logProbabilities(core.predictRaw(features, getFeaturesCol()));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    return ClassifierOutputs.softmaxInPlace(rawPrediction);
  }

  /**
   * Same columns and semantics as Spark's probabilistic classifiers (empty column names are
   * skipped, thresholds rescale probabilities), computed a block of rows at a time.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema(), true);
    return ClassifierOutputs.transform(this, dataset, schema, core, getFeaturesCol());
  }

  @Override
  public MLPClassificationModel copy(ParamMap extra) {
    MLPClassificationModel copied =
        copyValues(new MLPClassificationModel(UidBinding.bind(uid), core), extra);
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelIO.save(MLPClassificationModel.this, core, path, sparkSession());
      }
    };
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<MLPClassificationModel> read() {
    return new MLReader<MLPClassificationModel>() {
      @Override
      public MLPClassificationModel load(String path) {
        ModelIO.Loaded loaded =
            ModelIO.load(path, sparkSession(), MLPClassificationModel.class, true);
        return loaded.withParams(new MLPClassificationModel(loaded.metadata.uid(),
            loaded.network.topology, loaded.network.weights));
      }
    };
  }

  /**
   * Loads a model saved with {@link #write()}, checking it whole on the driver.
   *
   * @throws org.rectifier.train.InvalidInputException naming the path and what is wrong when the
   *     directory is missing, incomplete, corrupted (weights that do not fit the layers,
   *     non-finite weights, truncated metadata, ...) or holds another kind of model
   */
  public static MLPClassificationModel load(String path) {
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
    return "MLPClassificationModel: uid=" + uid + ", layers="
        + java.util.Arrays.toString(core.topology.layers()) + ", activation="
        + core.topology.hiddenActivation().name();
  }

  /** A fresh uid with this class's prefix. */
  static String newUid() {
    return Identifiable.randomUID("mlpc");
  }
}
