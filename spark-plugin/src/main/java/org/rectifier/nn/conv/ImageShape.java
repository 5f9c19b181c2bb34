package org.rectifier.nn.conv;

/**
 * The shape of one image in a block: {@code height x width x channels}, stored channels-last
 * (HWC, as Keras and Spark's image rows after conversion), so entry {@code (y, x, c)} of an image
 * sits at {@code (y * width + x) * channels + c} of its row.
 *
 * @param height rows of pixels
 * @param width columns of pixels
 * @param channels values per pixel
 */
public record ImageShape(int height, int width, int channels) implements java.io.Serializable {

  /** Checks that every dimension is positive. */
  public ImageShape {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException("image shape " + height + "x" + width + "x" + channels
          + " must be positive in every dimension");
    }
  }

  /** Values per image. */
  public int size() {
    return height * width * channels;
  }

  @Override
  public String toString() {
    return height + "x" + width + "x" + channels;
  }
}
