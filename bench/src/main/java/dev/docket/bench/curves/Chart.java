package dev.docket.bench.curves;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A measured curve: named series of (x, y) points, rendered as a Markdown table and as a PNG.
 * Pure apart from the PNG file it writes; drawn headless.
 */
final class Chart {

  /** PNG size. */
  static final int WIDTH = 800;

  static final int HEIGHT = 500;

  /**
   * One line of a chart.
   *
   * @param name the legend entry
   * @param x the x values
   * @param y the y values, same length; {@code NaN} for a point that was not measured
   */
  record Series(String name, double[] x, double[] y) {
    Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length
            + " y values");
      }
    }
  }

  private Chart() {}

  /** A short label for an x value: 1000 → 1k, 1000000 → 1M. */
  static String label(double x) {
    if (x >= 1_000_000 && x % 1_000_000 == 0) {
      return String.format(Locale.ROOT, "%.0fM", x / 1_000_000);
    }
    if (x >= 1000 && x % 1000 == 0) {
      return String.format(Locale.ROOT, "%.0fk", x / 1000);
    }
    return x == Math.rint(x) ? String.format(Locale.ROOT, "%.0f", x)
        : String.format(Locale.ROOT, "%.3g", x);
  }

  /** A table cell: thousands separated, up to {@code decimals} decimals; n/a for NaN. */
  static String cell(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Every x value of {@code series}, once each, ascending. */
  private static List<Double> allX(List<Series> series) {
    List<Double> xs = new ArrayList<>();
    for (Series s : series) {
      for (double x : s.x()) {
        if (!xs.contains(x)) {
          xs.add(x);
        }
      }
    }
    xs.sort(Double::compare);
    return xs;
  }

  /**
   * A Markdown table with one row per x value and one column per series (series may have
   * different x values; a missing point is "n/a").
   */
  static String markdown(String xHeader, List<Series> series, int decimals) {
    List<Double> xs = allX(series);
    StringBuilder sb = new StringBuilder("| ").append(xHeader).append(" |");
    StringBuilder rule = new StringBuilder("|---:|");
    for (Series s : series) {
      sb.append(' ').append(s.name()).append(" |");
      rule.append("---:|");
    }
    sb.append('\n').append(rule).append('\n');
    for (double x : xs) {
      sb.append("| ").append(label(x)).append(" |");
      for (Series s : series) {
        double v = Double.NaN;
        for (int i = 0; i < s.x().length; i++) {
          if (s.x()[i] == x) {
            v = s.y()[i];
          }
        }
        sb.append(' ').append(cell(v, decimals)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * A line chart with the x values as evenly spaced categories (for 0, 10k, 100k, 1M or 1, 10,
   * 100, 1000): every series' points in x order. NaN points are left out.
   */
  static void categoryPng(Path file, String title, String xLabel, String yLabel,
      List<Series> series) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Double> xs = allX(series);
    for (Series s : series) {
      for (double x : xs) {
        for (int i = 0; i < s.x().length; i++) {
          if (s.x()[i] == x && !Double.isNaN(s.y()[i])) {
            data.addValue(s.y()[i], s.name(), label(x));
          }
        }
      }
    }
    JFreeChart chart = ChartFactory.createLineChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    LineAndShapeRenderer r = (LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
    r.setDefaultShapesVisible(true);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    style(chart);
    write(file, chart);
  }

  /** A line chart on numeric axes. */
  static void xyPng(Path file, String title, String xLabel, String yLabel, List<Series> series)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : series) {
      XYSeries xy = new XYSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isNaN(s.y()[i])) {
          xy.add(s.x()[i], s.y()[i]);
        }
      }
      data.addSeries(xy);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    write(file, chart);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(0xF7F7F7));
  }

  private static void write(Path file, JFreeChart chart) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
