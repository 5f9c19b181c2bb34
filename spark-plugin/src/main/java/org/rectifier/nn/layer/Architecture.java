package org.rectifier.nn.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rectifier.nn.Topology;
import org.rectifier.nn.activation.Activation;
import org.rectifier.nn.activation.Activations;
import org.rectifier.nn.conv.ImageShape;
import org.rectifier.nn.conv.Padding;
import org.rectifier.nn.loss.SoftmaxCrossEntropy;

/**
 * The hidden layers of a network written as text, Keras-like and human-readable, e.g.
 * {@code conv2d(32,3x3,relu) maxpool(2x2) conv2d(64,3x3,relu) maxpool(2x2) flatten dense(128,relu)}.
 * Layers are separated by spaces; the softmax output layer is implied by the number of classes.
 * One string, so that Spark Connect, {@code CrossValidator} grids and saved metadata carry it.
 *
 * <p>Syntax (also {@link #SYNTAX}, which every error lists):
 * <ul>
 *   <li>{@code conv2d(filters,HxW[,activation][,stride=S][,padding=valid|same][,alpha=A])}: a
 *       kernel of H x W (or {@code K} for K x K), stride 1 and {@code valid} unless given;
 *   <li>{@code maxpool(HxW)}: max pooling, stride = window;
 *   <li>{@code flatten}: from image to vector, required before the first dense layer after images;
 *   <li>{@code dense(units[,activation][,alpha=A])}.
 * </ul>
 * Activations are {@link Activations#NAMES}; none means linear. {@code alpha} is leaky_relu's
 * slope, prelu's initial slope (one learned slope per channel in a conv layer) or elu's alpha.
 */
public final class Architecture {

  /** The syntax, as errors list it. */
  public static final String SYNTAX = "conv2d(filters,HxW[,activation][,stride=S]"
      + "[,padding=valid|same][,alpha=A]), maxpool(HxW), flatten, dense(units[,activation]"
      + "[,alpha=A]); activations: " + String.join(", ", Activations.NAMES);

  private Architecture() {}

  /**
   * The classifier over images of {@code input} that {@code spec} describes, with a dense
   * softmax output of {@code numClasses}.
   *
   * @throws IllegalArgumentException for a malformed spec (the message points at the token and
   *     lists the syntax) or one whose shapes vanish (the message shows the shape table)
   */
  public static Topology classifier(String spec, ImageShape input, int numClasses) {
    List<Layer> layers = parse(spec, input);
    Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
    int width = last == null ? input.size() : last.outSize();
    if (last == null || last instanceof Conv2DLayer || last instanceof MaxPoolLayer) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "architecture '%s' ends on a %s image; add flatten (and dense layers) before the"
              + " %d-class output, which takes a vector", spec.trim(),
          last == null ? input : imageOf(last), numClasses));
    }
    layers.add(new DenseLayer(width, numClasses, null));
    return new Topology(layers, input, new SoftmaxCrossEntropy());
  }

  /**
   * Checks {@code spec}'s syntax and layer order (images before flatten, vectors after) without
   * an image shape, as far as that goes: shapes that vanish show only once the shape is known.
   *
   * @throws IllegalArgumentException for a malformed spec, pointing at the token
   */
  public static void checkSyntax(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("architecture is empty; expected layers separated by"
          + " spaces, from: " + SYNTAX);
    }
    boolean image = true;
    for (Token t : tokens(spec)) {
      try {
        switch (t.name) {
          case "conv2d":
          case "maxpool":
          case "flatten":
            requireImage(t, image ? IMAGE_PLACEHOLDER : null, "put it before flatten and dense"
                + " layers");
            break;
          case "dense":
            if (image) {
              throw new SpecError("dense takes a vector but gets an image; put flatten before"
                  + " it");
            }
            break;
          default:
            throw new SpecError("unknown layer '" + t.name + "'");
        }
        if (t.name.equals("conv2d")) {
          conv(t, IMAGE_PLACEHOLDER, false);
        } else if (t.name.equals("maxpool")) {
          poolWindow(t);
        } else if (t.name.equals("flatten")) {
          noArguments(t);
          image = false;
        } else {
          dense(t, 1);
        }
      } catch (SpecError e) {
        throw new IllegalArgumentException(pointAt(spec, t, e.getMessage()));
      }
    }
  }

  /** Stands in for an unknown image where only the syntax is checked. */
  private static final ImageShape IMAGE_PLACEHOLDER = new ImageShape(1, 1, 1);

  /**
   * The hidden layers {@code spec} describes over images of {@code input}.
   *
   * @throws IllegalArgumentException as {@link #classifier}
   */
  public static List<Layer> parse(String spec, ImageShape input) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("architecture is empty; expected layers separated by"
          + " spaces, from: " + SYNTAX);
    }
    List<Token> tokens = tokens(spec);
    List<Layer> layers = new ArrayList<>();
    ImageShape image = input;
    int width = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Layer layer;
      try {
        layer = layer(t, image, width);
      } catch (SpecError e) {
        throw new IllegalArgumentException(pointAt(spec, t, e.getMessage()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("architecture: layer " + (i + 1) + ", " + t.text
            + ", does not fit: " + e.getMessage() + "\n" + table(input, layers, t.text), e);
      }
      layers.add(layer);
      if (layer instanceof Conv2DLayer) {
        image = ((Conv2DLayer) layer).outImage();
      } else if (layer instanceof MaxPoolLayer) {
        image = ((MaxPoolLayer) layer).outImage();
      } else {
        image = null;
        width = layer.outSize();
      }
    }
    return layers;
  }

  /** The shape table of the layers that fit, then the one that does not. */
  private static String table(ImageShape input, List<Layer> fitted, String failing) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-3s %-36s %s%n", "#",
        "layer", "output shape"));
    s.append(String.format(Locale.ROOT, "  %-3s %-36s %s%n", "", "input", input));
    for (int i = 0; i < fitted.size(); i++) {
      s.append(String.format(Locale.ROOT, "  %-3d %-36s %s%n", i + 1, fitted.get(i).spec(),
          fitted.get(i).outShape()));
    }
    s.append(String.format(Locale.ROOT, "  %-3d %-36s %s", fitted.size() + 1, failing,
        "(none: the shape vanishes)"));
    return s.toString();
  }

  private static ImageShape imageOf(Layer layer) {
    return layer instanceof Conv2DLayer ? ((Conv2DLayer) layer).outImage()
        : ((MaxPoolLayer) layer).outImage();
  }

  private static Layer layer(Token t, ImageShape image, int width) {
    switch (t.name) {
      case "conv2d":
        requireImage(t, image, "put it before flatten and dense layers");
        return conv(t, image, true);
      case "maxpool":
        requireImage(t, image, "put it before flatten and dense layers");
        int[] window = poolWindow(t);
        return new MaxPoolLayer(image, window[0], window[1]);
      case "flatten":
        requireImage(t, image, "the input is already a vector");
        noArguments(t);
        return new FlattenLayer(image);
      case "dense":
        if (image != null) {
          throw new SpecError("dense takes a vector but gets a " + image + " image; put"
              + " flatten before it");
        }
        return dense(t, width);
      default:
        throw new SpecError("unknown layer '" + t.name + "'");
    }
  }

  private static void requireImage(Token t, ImageShape image, String fix) {
    if (image == null) {
      throw new SpecError(t.name + " takes an image but comes after flatten or dense; " + fix);
    }
  }

  private static int[] poolWindow(Token t) {
    if (t.args == null || t.args.size() != 1) {
      throw new SpecError("maxpool takes one window, e.g. maxpool(2x2)");
    }
    return size(t.args.get(0), "the window");
  }

  private static void noArguments(Token t) {
    if (t.args != null) {
      throw new SpecError("flatten takes no arguments");
    }
  }

  /** The conv layer of {@code t}; without {@code build} only its arguments are checked. */
  private static Layer conv(Token t, ImageShape image, boolean build) {
    if (t.args == null || t.args.size() < 2) {
      throw new SpecError("conv2d needs filters and a kernel size, e.g. conv2d(32,3x3,relu)");
    }
    int filters = positive(t.args.get(0), "filters");
    int[] kernel = size(t.args.get(1), "the kernel size");
    Options o = options(t, 2, true);
    if (!build) {
      o.activation();
      return null;
    }
    return new Conv2DLayer(image, filters, kernel[0], kernel[1], o.stride, o.padding,
        o.activation());
  }

  private static Layer dense(Token t, int width) {
    if (t.args == null || t.args.isEmpty()) {
      throw new SpecError("dense needs a number of units, e.g. dense(128,relu)");
    }
    int units = positive(t.args.get(0), "units");
    Options o = options(t, 1, false);
    return new DenseLayer(width, units, o.activation());
  }

  /** The optional arguments from index {@code from}: an activation name and key=value pairs. */
  private static Options options(Token t, int from, boolean conv) {
    Options o = new Options();
    for (int i = from; i < t.args.size(); i++) {
      String a = t.args.get(i);
      int eq = a.indexOf('=');
      if (eq < 0) {
        if (o.activationName != null) {
          throw new SpecError("two activations, '" + o.activationName + "' and '" + a + "'");
        }
        if (!Activations.isValid(a)) {
          throw new SpecError("unknown activation '" + a + "'");
        }
        o.activationName = a;
        continue;
      }
      String key = a.substring(0, eq);
      String value = a.substring(eq + 1);
      switch (conv ? key : "dense:" + key) {
        case "stride":
          o.stride = positive(value, "stride");
          break;
        case "padding":
          if (!value.equals("valid") && !value.equals("same")) {
            throw new SpecError("padding is '" + value + "'; expected valid or same");
          }
          o.padding = Padding.valueOf(value.toUpperCase(Locale.ROOT));
          break;
        case "alpha":
        case "dense:alpha":
          try {
            o.alpha = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            throw new SpecError("alpha is '" + value + "'; expected a number");
          }
          if (!Double.isFinite(o.alpha)) {
            throw new SpecError("alpha is '" + value + "'; expected a finite number");
          }
          break;
        default:
          throw new SpecError("unknown option '" + key + "' of " + t.name);
      }
    }
    if (!Double.isNaN(o.alpha) && o.activationName == null) {
      throw new SpecError("alpha is given but no activation uses it");
    }
    return o;
  }

  private static int positive(String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new SpecError(what + " is '" + s + "'; expected a positive integer");
  }

  /** {@code HxW} or {@code K} (square). */
  private static int[] size(String s, String what) {
    int x = s.indexOf('x');
    if (x < 0) {
      int k = positive(s, what);
      return new int[] {k, k};
    }
    return new int[] {positive(s.substring(0, x), what), positive(s.substring(x + 1), what)};
  }

  /** The spec with the token underlined, the problem, and the syntax. */
  private static String pointAt(String spec, Token t, String problem) {
    return "architecture: " + problem + " at '" + t.text + "' (character " + (t.start + 1)
        + "):\n  " + spec + "\n  " + " ".repeat(t.start) + "^".repeat(Math.max(1, t.text.length()))
        + "\nexpected layers separated by spaces, from: " + SYNTAX;
  }

  /** Splits on spaces outside parentheses; each token is {@code name} or {@code name(args)}. */
  private static List<Token> tokens(String spec) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = spec.length();
    while (i < n) {
      if (Character.isWhitespace(spec.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int depth = 0;
      while (i < n && (depth > 0 || !Character.isWhitespace(spec.charAt(i)))) {
        char c = spec.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        i++;
      }
      out.add(Token.of(spec, start, i));
    }
    return out;
  }

  /** One layer's text and where it starts in the spec. */
  private static final class Token {
    final String text;
    final int start;
    final String name;
    /** Arguments without spaces; null when the token has no parentheses. */
    final List<String> args;

    private Token(String text, int start, String name, List<String> args) {
      this.text = text;
      this.start = start;
      this.name = name;
      this.args = args;
    }

    static Token of(String spec, int start, int end) {
      String text = spec.substring(start, end);
      int open = text.indexOf('(');
      if (open < 0) {
        return new Token(text, start, text.toLowerCase(Locale.ROOT), null);
      }
      String name = text.substring(0, open).toLowerCase(Locale.ROOT);
      if (!text.endsWith(")") || text.indexOf(')') != text.length() - 1
          || text.indexOf('(', open + 1) >= 0) {
        Token bad = new Token(text, start, name, null);
        throw new IllegalArgumentException(pointAt(spec, bad,
            "unbalanced parentheses"));
      }
      String inner = text.substring(open + 1, text.length() - 1).replace(" ", "");
      List<String> args = new ArrayList<>();
      for (String a : inner.split(",", -1)) {
        if (a.isEmpty()) {
          throw new IllegalArgumentException(pointAt(spec, new Token(text, start, name, null),
              "an empty argument"));
        }
        args.add(a.toLowerCase(Locale.ROOT));
      }
      return new Token(text, start, name, args);
    }
  }

  /** The optional settings of a conv2d or dense token. */
  private static final class Options {
    String activationName;
    double alpha = Double.NaN;
    int stride = 1;
    Padding padding = Padding.VALID;

    Activation activation() {
      return activationName == null ? null : Activations.create(activationName, alpha);
    }
  }

  /** A problem with one token, which {@link #parse} reports pointing at it. */
  private static final class SpecError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SpecError(String message) {
      super(message);
    }
  }
}
