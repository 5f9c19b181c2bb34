package org.rectifier.nn.activation;

/** Weight initialization families, chosen by the activation a layer feeds. */
public enum InitScheme {
  /** He (Kaiming) normal: std = gain / sqrt(fanIn), gain^2 = 2 / (1 + slope^2). */
  HE,
  /** LeCun normal: std = 1 / sqrt(fanIn); keeps SELU self-normalizing. */
  LECUN,
  /** Glorot (Xavier) uniform: limit = sqrt(6 / (fanIn + fanOut)). */
  GLOROT
}
