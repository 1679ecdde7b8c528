package io.netdyn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG line plot: named series of (x, y) points, optional log axes, optional error bars.
 * Rendered headless with XChart; used by reproductions and the report.
 */
public final class LinePlot {
    private record Series(String name, double[] x, double[] y, double[] err, boolean dashed) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX, logY;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot logX() { logX = true; return this; }

    public LinePlot logY() { logY = true; return this; }

    /** A measured series with markers (err may be null: no error bars). */
    public LinePlot points(String name, double[] x, double[] y, double[] err) {
        series.add(new Series(name, x, y, err, false));
        return this;
    }

    /** A theory curve: a dashed line without markers. */
    public LinePlot curve(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, null, true));
        return this;
    }

    public void writePng(Path file, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Series s : series) {
            XYSeries xs = s.err == null ? chart.addSeries(s.name, s.x, s.y) : chart.addSeries(s.name, s.x, s.y, s.err);
            if (s.dashed) {
                xs.setMarker(SeriesMarkers.NONE);
                xs.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".plot-", ".png");
        try (var os = Files.newOutputStream(tmp)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
        }
        tmp.toFile().setReadable(true, false);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
