package org.rectifier.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects benchmark figures and prints them twice: an aligned table for people and one JSON line
 * per figure ({@code {"section":..,"name":..,"value":..,"unit":..}}) for scripts.
 */
final class Report {

  private static final class Figure {
    final String section;
    final String name;
    final double value;
    final String unit;
    final String note;

    Figure(String section, String name, double value, String unit, String note) {
      this.section = section;
      this.name = name;
      this.value = value;
      this.unit = unit;
      this.note = note;
    }
  }

  private final List<Figure> figures = new ArrayList<>();

  /** Records and immediately prints one figure (so a long run shows progress). */
  void add(String section, String name, double value, String unit, String note) {
    Figure f = new Figure(section, name, value, unit, note == null ? "" : note);
    figures.add(f);
    System.out.println(json(f));
    System.out.flush();
  }

  void add(String section, String name, double value, String unit) {
    add(section, name, value, unit, null);
  }

  /** Prints the table of everything recorded. */
  void printTable() {
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-12s %-58s %14s  %-10s %s",
        "section", "figure", "value", "unit", "note"));
    for (Figure f : figures) {
      System.out.println(String.format(Locale.ROOT, "%-12s %-58s %14s  %-10s %s",
          f.section, f.name, format(f.value), f.unit, f.note));
    }
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String json(Figure f) {
    return String.format(Locale.ROOT,
        "{\"section\":\"%s\",\"name\":\"%s\",\"value\":%s,\"unit\":\"%s\",\"note\":\"%s\"}",
        f.section, f.name, Double.isFinite(f.value) ? Double.toString(f.value) : "null",
        f.unit, f.note.replace("\"", "'"));
  }
}
