package org.rectifier.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.EstimatorSetters;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.train.FitResult;
import org.rectifier.train.MlpFit;

/**
 * Multilayer perceptron classifier with ReLU-family hidden layers and a softmax output, trained
 * by minibatch Adam (or SGD) on cross-entropy, data-parallel over the partitions of the input.
 * A drop-in alternative to MLlib's {@code MultilayerPerceptronClassifier}: same {@code layers}
 * meaning and weight layout, plus {@code hiddenLayers}, activations, solvers and row weights.
 *
 * <pre>{@code
 * MLPClassificationModel model = new MLPClassifier()
 *     .setHiddenLayers(new int[] {64})
 *     .setActivation("relu")
 *     .setMaxIter(20)
 *     .fit(train);
 * }</pre>
 */
public class MLPClassifier
    extends ProbabilisticClassifier<Vector, MLPClassifier, MLPClassificationModel>
    implements EstimatorSetters<MLPClassifier>, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Not final: uid() fills it while the Spark superclass is being constructed. */
  private String uid;
  private final ParamDefs defs;

  /** A classifier with a random uid. */
  public MLPClassifier() {
    this(MLPClassificationModel.newUid());
  }

  /** A classifier with the given uid (Spark ML's copy and load use this). */
  public MLPClassifier(String uid) {
    this(UidBinding.bind(uid), true);
  }

  private MLPClassifier(String uid, boolean bound) {
    this.uid = uid;
    UidBinding.release();
    this.defs = new ParamDefs(this);
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

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.check(schema, getFeaturesCol(), getLabelCol(), getWeightCol(),
        getValidationIndicatorCol(), true);
    return super.transformSchema(schema);
  }

  @Override
  public MLPClassificationModel train(Dataset<?> dataset) {
    FitResult result = MlpFit.run(dataset, FitRequests.of(this, dataset, getFeaturesCol(),
        getLabelCol(), true, "MLPClassifier"));
    MLPClassificationModel model = new MLPClassificationModel(uid, result.topology,
        result.weights);
    return model.setSummary(
        new MLPTrainingSummary(result));
  }

  @Override
  public MLPClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<MLPClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved with {@code write().save(path)}. */
  public static MLPClassifier load(String path) {
    return read().load(path);
  }
}
