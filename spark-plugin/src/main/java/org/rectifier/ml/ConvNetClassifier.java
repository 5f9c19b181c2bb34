package org.rectifier.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.rectifier.ml.params.ConvNetParams;
import org.rectifier.ml.params.ParamDefs;
import org.rectifier.ml.params.TrainingSetters;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.layer.Architecture;
import org.rectifier.train.FitResult;
import org.rectifier.train.InvalidInputException;
import org.rectifier.train.MlpFit;

/**
 * Convolutional network classifier: conv2d, maxpool, flatten and dense layers with ReLU-family
 * activations, written as one {@code architecture} string, and a softmax output; trained by
 * the same distributed minibatch trainer as {@link MLPClassifier}, with the same solver,
 * regularization, validation, checkpoint and training-control params.
 *
 * <p>Features are images: either the column Spark's image data source produces
 * ({@code spark.read.format("image")}; see {@link ImageColumns} for the conversion and scaling)
 * or a Vector column of each image's values in HWC order with {@code inputShape} set.
 *
 * <pre>{@code
 * ConvNetClassificationModel model = new ConvNetClassifier()
 *     .setArchitecture("conv2d(32,3x3,relu) maxpool(2x2) conv2d(64,3x3,relu) maxpool(2x2)"
 *         + " flatten dense(128,relu)")
 *     .setInputShape(new int[] {64, 64, 3})
 *     .setMaxIter(10)
 *     .fit(images);
 * }</pre>
 */
public class ConvNetClassifier
    extends ProbabilisticClassifier<Vector, ConvNetClassifier, ConvNetClassificationModel>
    implements TrainingSetters<ConvNetClassifier>, ConvNetParams, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** Not final: uid() fills it while the Spark superclass is being constructed. */
  private String uid;
  private final ParamDefs defs;

  /** A classifier with a random uid. */
  public ConvNetClassifier() {
    this(ConvNetClassificationModel.newUid());
  }

  /** A classifier with the given uid (Spark ML's copy and load use this). */
  public ConvNetClassifier(String uid) {
    this(UidBinding.bind(uid), true);
  }

  private ConvNetClassifier(String uid, boolean bound) {
    this.uid = uid;
    UidBinding.release();
    this.defs = new ParamDefs(this, true);
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

  /** The hidden layers, e.g. {@code conv2d(32,3x3,relu) maxpool(2x2) flatten dense(128,relu)}. */
  public ConvNetClassifier setArchitecture(String value) {
    set(architecture(), value);
    return this;
  }

  /** {@code [height, width, channels]} of the images. */
  public ConvNetClassifier setInputShape(int[] value) {
    set(inputShape(), value);
    return this;
  }

  /**
   * Checks the columns and the architecture's syntax before any data is read, so a Pipeline
   * fails before it fits earlier stages.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    boolean image = ImageColumns.isImage(schema, getFeaturesCol());
    StructType vectors = image ? ImageColumns.asVectorSchema(schema, getFeaturesCol()) : schema;
    SchemaChecks.check(vectors, getFeaturesCol(), getLabelCol(), getWeightCol(),
        getValidationIndicatorCol(), true);
    if (!image && getInputShape() == null) {
      throw new InvalidInputException("Param inputShape is not set; a Vector features column ('"
          + getFeaturesCol() + "') needs [height, width, channels] to be read as images (HWC"
          + " order); only an image column gives its own shape");
    }
    int[] shape = getInputShape();
    ConvNetClassificationModel.checkArchitecture(getArchitecture(),
        shape == null ? null : new ImageShape(shape[0], shape[1], shape[2]));
    return ConvNetClassificationModel.keepFeatures(super.transformSchema(vectors), schema,
        getFeaturesCol());
  }

  @Override
  public ConvNetClassificationModel train(Dataset<?> dataset) {
    String featuresCol = getFeaturesCol();
    int[] set = getInputShape();
    ImageShape shape = set == null ? null : new ImageShape(set[0], set[1], set[2]);
    Dataset<?> data = dataset;
    if (ImageColumns.isImage(dataset.schema(), featuresCol)) {
      if (shape == null) {
        shape = ImageColumns.firstShape(dataset, featuresCol);
      }
      data = ImageColumns.withVectors(dataset, featuresCol, shape);
      featuresCol = ImageColumns.VECTORS;
    }
    FitResult result = MlpFit.run(data, FitRequests.ofConvNet(this, data, featuresCol,
        getLabelCol(), shape, "ConvNetClassifier"));
    ConvNetClassificationModel model =
        new ConvNetClassificationModel(uid, result.topology, result.weights);
    return model.setSummary(new MLPTrainingSummary(result));
  }

  @Override
  public ConvNetClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reader for {@link #load(String)}. */
  public static MLReader<ConvNetClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved with {@code write().save(path)}. */
  public static ConvNetClassifier load(String path) {
    return read().load(path);
  }
}
