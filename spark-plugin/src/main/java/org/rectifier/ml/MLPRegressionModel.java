package org.rectifier.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
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

/** A trained ReLU-family MLP regressor; prediction is the network's single output. */
public class MLPRegressionModel extends RegressionModel<Vector, MLPRegressionModel>
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
  public MLPRegressionModel() {
    throw new UnsupportedOperationException("A MLPRegressionModel comes from fit() or load(); this"
        + " constructor exists only for Spark Connect's ServiceLoader discovery");
  }

  MLPRegressionModel(String uid, Topology topology, double[] weights) {
    this(UidBinding.bind(uid), new ModelCore(topology, weights));
  }

  private MLPRegressionModel(String uid, ModelCore core) {
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

  MLPRegressionModel setSummary(MLPTrainingSummary summary) {
    core.setSummary(summary);
    return this;
  }

  @Override
  public double predict(Vector features) {
    return core.predictRaw(features, getFeaturesCol())[0];
  }

  /** Adds the prediction column, computed a block of rows at a time. */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema(), true);
    String col = getPredictionCol();
    if (col == null || col.isEmpty()) {
      return dataset.toDF();
    }
    StructType out = dataset.schema().add(schema.apply(col));
    return BlockTransform.apply(dataset, out, core, getFeaturesCol(),
        new BlockPredictor.Output[] {BlockPredictor.Output.REGRESSION}, null);
  }

  @Override
  public MLPRegressionModel copy(ParamMap extra) {
    MLPRegressionModel copied =
        copyValues(new MLPRegressionModel(UidBinding.bind(uid), core), extra);
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        ModelIO.save(MLPRegressionModel.this, core, path, sparkSession());
      }
    };
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<MLPRegressionModel> read() {
    return new MLReader<MLPRegressionModel>() {
      @Override
      public MLPRegressionModel load(String path) {
        ModelIO.Loaded loaded =
            ModelIO.load(path, sparkSession(), MLPRegressionModel.class, false);
        return loaded.withParams(new MLPRegressionModel(loaded.metadata.uid(),
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
  public static MLPRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "MLPRegressionModel: uid=" + uid + ", layers="
        + java.util.Arrays.toString(core.topology.layers()) + ", activation="
        + core.topology.hiddenActivation().name();
  }
}
