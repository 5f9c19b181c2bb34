package org.rectifier.examples.notebook;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;

/** Images held as HWC vectors in [0, 1], drawn side by side with a caption under each. */
public final class ImageGrid {

  private ImageGrid() {}

  /**
   * A grid of {@code columns} images per row, each {@code height x width} with 1 or 3
   * channels, scaled up by {@code zoom}, with {@code captions} (one per image) under them.
   */
  public static BufferedImage of(List<Vector> images, List<String> captions, int height,
      int width, int channels, int columns, int zoom) {
    int cellW = width * zoom + 12;
    int cellH = height * zoom + 28;
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage out = new BufferedImage(columns * cellW, rows * cellH,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < images.size(); i++) {
      int x0 = (i % columns) * cellW + 6;
      int y0 = (i / columns) * cellH + 4;
      Vector v = images.get(i);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = (y * width + x) * channels;
          int r = level(v.apply(p));
          int gr = channels >= 3 ? level(v.apply(p + 1)) : r;
          int b = channels >= 3 ? level(v.apply(p + 2)) : r;
          g.setColor(new Color(r, gr, b));
          g.fillRect(x0 + x * zoom, y0 + y * zoom, zoom, zoom);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(captions.get(i), x0, y0 + height * zoom + 16);
    }
    g.dispose();
    return out;
  }

  private static int level(double v) {
    return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
  }
}
