package org.rectifier.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Fetch;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.MlRelation;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.Dataset;
import org.apache.spark.sql.connect.SparkSession;
import org.apache.spark.sql.connect.common.LiteralValueProtoConverter;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * Fits Rectifier's {@code MLPClassifier} over Spark Connect with the ML protocol, as PySpark's
 * Connect ML client does: Fit, Fetch of the summary's objective history, Transform of the
 * fitted model, Write to a path, Read back and Transform again. Prints one line per result for
 * the test that runs it:
 * {@code history <loss per epoch>}, {@code predictions <fitted model's>},
 * {@code reloaded <read-back model's>}, and {@code convnet <predictions>} of a
 * {@code ConvNetClassifier} fitted the same way.
 *
 * <p>Usage: {@code ConnectFit sc://host:port <libsvm file> <model dir> <numFeatures>}
 */
public final class ConnectFit {

  private ConnectFit() {}

  public static void main(String[] args) {
    String remote = args[0];
    String data = args[1];
    String modelDir = args[2];
    String numFeatures = args[3];
    SparkSession spark = SparkSession.builder().remote(remote).build();
    try {
      Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", numFeatures)
          .load(data);
      Relation rows = train.plan().getRoot();

      MlParams params = MlParams.newBuilder()
          .putParams("hiddenLayers", literal(new int[] {16}))
          .putParams("activation", literal("leaky_relu"))
          .putParams("maxIter", literal(4))
          .putParams("batchSize", literal(16))
          .putParams("seed", literal(7L))
          .putParams("stepSize", literal(0.01))
          .build();
      MlCommandResult fit = run(spark, MlCommand.newBuilder().setFit(MlCommand.Fit.newBuilder()
          .setEstimator(MlOperator.newBuilder().setName("org.rectifier.ml.MLPClassifier")
              .setUid("mlpc-over-connect").setType(MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR))
          .setParams(params).setDataset(rows)).build());
      ObjectRef model = fit.getOperatorInfo().getObjRef();

      MlCommandResult history = run(spark, MlCommand.newBuilder().setFetch(Fetch.newBuilder()
          .setObjRef(model)
          .addMethods(Fetch.Method.newBuilder().setMethod("summary"))
          .addMethods(Fetch.Method.newBuilder().setMethod("objectiveHistory"))).build());
      System.out.println("history " + format(LiteralValueProtoConverter.toScalaValue(
          history.getParam())));
      System.out.println("predictions " + predictions(spark, model, rows));

      run(spark, MlCommand.newBuilder().setWrite(MlCommand.Write.newBuilder().setObjRef(model)
          .setPath(modelDir).setShouldOverwrite(true)).build());
      MlCommandResult read = run(spark, MlCommand.newBuilder().setRead(MlCommand.Read.newBuilder()
          .setOperator(MlOperator.newBuilder().setName("org.rectifier.ml.MLPClassificationModel")
              .setType(MlOperator.OperatorType.OPERATOR_TYPE_MODEL))
          .setPath(modelDir)).build());
      System.out.println("reloaded "
          + predictions(spark, read.getOperatorInfo().getObjRef(), rows));

      // The conv net estimator, its architecture string and image shape as plain params: each
      // row's 4 features as a 1x4 one-channel image.
      MlParams convParams = MlParams.newBuilder()
          .putParams("architecture", literal("conv2d(3,1x2,relu) flatten dense(8,relu)"))
          .putParams("inputShape", literal(new int[] {1, 4, 1}))
          .putParams("maxIter", literal(4))
          .putParams("batchSize", literal(16))
          .putParams("seed", literal(7L))
          .putParams("stepSize", literal(0.01))
          .build();
      MlCommandResult convFit = run(spark, MlCommand.newBuilder().setFit(MlCommand.Fit
          .newBuilder().setEstimator(MlOperator.newBuilder()
              .setName("org.rectifier.ml.ConvNetClassifier").setUid("convnet-over-connect")
              .setType(MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR))
          .setParams(convParams).setDataset(rows)).build());
      System.out.println("convnet "
          + predictions(spark, convFit.getOperatorInfo().getObjRef(), rows));
    } finally {
      spark.close();
    }
  }

  /** The fitted (cached) model's predictions on {@code rows}, comma-separated, in row order. */
  private static String predictions(SparkSession spark, ObjectRef model, Relation rows) {
    Relation transformed = Relation.newBuilder().setMlRelation(MlRelation.newBuilder()
        .setTransform(MlRelation.Transform.newBuilder().setObjRef(model).setInput(rows)))
        .build();
    Dataset<Row> out = spark.newDataFrame(b -> {
      b.mergeFrom(transformed);
      return BoxedUnit.UNIT;
    });
    // Only the double column: this client has no MLlib, so no VectorUDT to read vectors with.
    List<String> values = new ArrayList<>();
    for (Row r : out.select("prediction").collectAsList()) {
      values.add(String.format(Locale.ROOT, "%.1f", r.getDouble(0)));
    }
    return String.join(",", values);
  }

  private static MlCommandResult run(SparkSession spark, MlCommand command) {
    for (ExecutePlanResponse r : CollectionConverters.asJava(
        spark.execute(Command.newBuilder().setMlCommand(command).build()))) {
      if (r.hasMlCommandResult()) {
        return r.getMlCommandResult();
      }
    }
    throw new IllegalStateException("no ML command result for " + command.getCommandCase());
  }

  private static org.apache.spark.connect.proto.Expression.Literal literal(Object value) {
    return LiteralValueProtoConverter.toLiteralProto(value);
  }

  private static String format(Object array) {
    StringBuilder s = new StringBuilder();
    if (array instanceof double[]) {
      for (double d : (double[]) array) {
        s.append(s.length() == 0 ? "" : ",").append(d);
      }
    } else if (array instanceof Object[]) {
      for (Object o : (Object[]) array) {
        s.append(s.length() == 0 ? "" : ",").append(o);
      }
    } else if (array instanceof scala.collection.Iterable) {
      for (Object o : CollectionConverters.asJava((scala.collection.Iterable<?>) array)) {
        s.append(s.length() == 0 ? "" : ",").append(o);
      }
    } else {
      s.append(array);
    }
    return s.toString();
  }
}
