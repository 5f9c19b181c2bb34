package org.rectifier.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.ml.util.MetadataUtils;
import org.rectifier.ml.params.MLPParams;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.train.FitRequest;
import org.rectifier.train.data.InputSpec;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.TrainerConfig;
import scala.Option;

/** Turns an estimator's params into the training layer's {@link FitRequest}. */
final class FitRequests {

  private FitRequests() {}

  static FitRequest of(MLPParams p, Dataset<?> dataset, String featuresCol, String labelCol,
      boolean classification, String name) {
    int[] layers = p.isDefined(p.layers()) ? p.getLayers() : null;
    if (layers != null && p.isSet(p.hiddenLayers())) {
      int[] hidden = p.getHiddenLayers();
      boolean same = hidden.length == layers.length - 2;
      for (int i = 0; same && i < hidden.length; i++) {
        same = hidden[i] == layers[i + 1];
      }
      if (!same) {
        throw new InvalidInputException("Params layers and hiddenLayers are both set and"
            + " disagree: set one of them (layers includes the input and output sizes)");
      }
    }
    Activation activation = Activations.create(p.getActivation(), p.getActivationAlpha());
    int numClasses = -1;
    String numClassesSource = null;
    if (classification) {
      StructField labelField = dataset.schema().apply(labelCol);
      Option<Object> fromMeta = MetadataUtils.getNumClasses(labelField);
      if (fromMeta.isDefined()) {
        numClasses = (Integer) fromMeta.get();
        numClassesSource = "the label column's metadata (number of classes)";
      }
    }
    InputSpec input = new InputSpec(featuresCol, labelCol, p.getWeightCol(), classification,
        -1, null, numClasses, numClassesSource);
    double[] initial = null;
    if (p.isDefined(p.initialWeights())) {
      Vector v = p.getInitialWeights();
      initial = v.toArray();
    }
    TrainerConfig trainer = new TrainerConfig(p.getSolver(), p.getStepSize(), p.getMomentum(),
        p.getBatchSize(), p.getMaxIter(), p.getTol(), p.getSeed(), p.getRegParam(), name,
        "barrier".equals(p.getExecutionMode()), p.getValidationFraction(),
        p.getCheckpointDir(), p.getCheckpointInterval(), p.getMaxFailures());
    return new FitRequest(input, layers, p.getHiddenLayers(), activation, initial, trainer);
  }
}
