package org.rectifier.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.EstimatorSetters;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.train.FitResult;
import org.rectifier.train.MlpFit;

/**
 * Multilayer perceptron regressor: ReLU-family hidden layers, one identity output, mean squared
 * error, trained by minibatch Adam (or SGD) data-parallel over the partitions of the input.
 */
public class MLPRegressor extends Regressor<Vector, MLPRegressor, MLPRegressionModel>
    implements EstimatorSetters<MLPRegressor>, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Not final: uid() fills it while the Spark superclass is being constructed. */
  private String uid;
  private final ParamDefs defs;

  /** A regressor with a random uid. */
  public MLPRegressor() {
    this(Identifiable.randomUID("mlpr"));
  }

  /** A regressor with the given uid (Spark ML's copy and load use this). */
  public MLPRegressor(String uid) {
    this(UidBinding.bind(uid), true);
  }

  private MLPRegressor(String uid, boolean bound) {
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
  public MLPRegressionModel train(Dataset<?> dataset) {
    FitResult result = MlpFit.run(dataset, FitRequests.of(this, dataset, getFeaturesCol(),
        getLabelCol(), false, "MLPRegressor"));
    MLPRegressionModel model = new MLPRegressionModel(uid, result.topology, result.weights);
    return model.setSummary(
        new MLPTrainingSummary(result));
  }

  @Override
  public MLPRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<MLPRegressor> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved with {@code write().save(path)}. */
  public static MLPRegressor load(String path) {
    return read().load(path);
  }
}
