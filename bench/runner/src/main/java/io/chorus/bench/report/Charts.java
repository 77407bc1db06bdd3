package io.chorus.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts (JFreeChart, headless).
 */
final class Charts {

	private static final Color[] COLORS = { new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
			new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0x7f7f7f) };

	private Charts() {
	}

	/**
	 * Latency against throughput, one line per system, a logarithmic latency axis.
	 * @param file the PNG
	 * @param title the title
	 * @param points per system label, the (throughput, latency ms) points in load order
	 * @param percentile the percentile's name for the axis
	 * @throws IOException when the file cannot be written
	 */
	static void latencyVsThroughput(Path file, String title, Map<String, List<double[]>> points, String percentile)
			throws IOException {
		XYSeriesCollection data = new XYSeriesCollection();
		points.forEach((label, pts) -> {
			XYSeries series = new XYSeries(label, false);
			pts.forEach((p) -> series.add(p[0], Math.max(0.01, p[1])));
			data.addSeries(series);
		});
		JFreeChart chart = ChartFactory.createXYLineChart(title, "throughput (correct answers/s)",
				percentile + " latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
		XYPlot plot = chart.getXYPlot();
		LogAxis y = new LogAxis(percentile + " latency (ms, log scale)");
		y.setSmallestValue(0.1);
		y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
		plot.setRangeAxis(y);
		((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
		for (int i = 0; i < data.getSeriesCount(); i++) {
			renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		plot.setRenderer(renderer);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 600);
	}

	/**
	 * Memory per system as grouped bars.
	 * @param file the PNG
	 * @param title the title
	 * @param values per measure, per system label, megabytes
	 * @throws IOException when the file cannot be written
	 */
	static void memory(Path file, String title, Map<String, Map<String, Double>> values) throws IOException {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		values.forEach((measure, bySystem) -> bySystem.forEach((system, mb) -> {
			if (mb != null && !mb.isNaN()) {
				data.addValue(mb, measure, system);
			}
		}));
		JFreeChart chart = ChartFactory.createBarChart(title, "system", "MB", data, PlotOrientation.HORIZONTAL, true,
				false, false);
		chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
		chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 500);
	}

}
