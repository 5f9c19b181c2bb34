package org.rectifier.ml;

import org.rectifier.train.InvalidInputException;

/** Builds the errors of one model load, each naming the model class and the path. */
final class LoadError {

  private final String model;
  private final String path;

  LoadError(String model, String path) {
    this.model = model;
    this.path = path;
  }

  /** "Cannot load M from P: what". */
  InvalidInputException of(String what) {
    return new InvalidInputException("Cannot load " + model + " from " + path + ": " + what);
  }

  /** {@link #of} with the cause kept for the stack trace. */
  InvalidInputException of(String what, Throwable cause) {
    return new InvalidInputException("Cannot load " + model + " from " + path + ": " + what,
        cause);
  }

  /** An error about the network row: "... P/data: what". */
  InvalidInputException data(String what) {
    return of(dataPath() + ": " + what);
  }

  /** {@link #data(String)} with the cause kept. */
  InvalidInputException data(String what, Throwable cause) {
    return of(dataPath() + ": " + what, cause);
  }

  String metadataPath() {
    return path + "/metadata";
  }

  String dataPath() {
    return path + "/data";
  }
}
