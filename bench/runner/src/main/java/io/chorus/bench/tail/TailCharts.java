package io.chorus.bench.tail;

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
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The tail scenarios' PNG charts (JFreeChart, headless).
 */
final class TailCharts {

	private TailCharts() {
	}

	/**
	 * Latency percentiles per row of the tail scenario, as grouped bars on a logarithmic axis.
	 * @param file the PNG
	 * @param rows per row label, the p50, p99 and p99.9 in milliseconds
	 * @throws IOException when the file cannot be written
	 */
	static void percentiles(Path file, Map<String, double[]> rows) throws IOException {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		String[] names = { "p50", "p99", "p99.9" };
		rows.forEach((label, values) -> {
			for (int i = 0; i < names.length; i++) {
				if (!Double.isNaN(values[i])) {
					data.addValue(Math.max(0.1, values[i]), names[i], label);
				}
			}
		});
		JFreeChart chart = ChartFactory.createBarChart("Tail scenario: latency by percentile", "called",
				"latency (ms, log scale)", data, PlotOrientation.HORIZONTAL, true, false, false);
		CategoryPlot plot = chart.getCategoryPlot();
		LogAxis axis = new LogAxis("latency (ms, log scale)");
		axis.setSmallestValue(1);
		axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
		plot.setRangeAxis(axis);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 700);
	}

	/**
	 * The p99 of each time window, one line per balancer.
	 * @param file the PNG
	 * @param series per balancer, the p99 of each window in milliseconds
	 * @param windowSeconds the window width
	 * @param changeAt when the replica turned slow, in seconds
	 * @throws IOException when the file cannot be written
	 */
	static void overTime(Path file, Map<String, List<Double>> series, int windowSeconds, int changeAt)
			throws IOException {
		XYSeriesCollection data = new XYSeriesCollection();
		series.forEach((label, values) -> {
			XYSeries line = new XYSeries(label, false);
			for (int i = 0; i < values.size(); i++) {
				if (!values.get(i).isNaN()) {
					line.add((i + 1) * windowSeconds, Math.max(0.1, values.get(i)));
				}
			}
			data.addSeries(line);
		});
		JFreeChart chart = ChartFactory.createXYLineChart(
				"Replica scenario: p99 per " + windowSeconds + " s; replica A 5x slower from " + changeAt + " s",
				"time (s)", "p99 (ms)", data, PlotOrientation.VERTICAL, true, false, false);
		XYPlot plot = chart.getXYPlot();
		LogAxis axis = new LogAxis("p99 (ms, log scale)");
		axis.setSmallestValue(1);
		axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
		plot.setRangeAxis(axis);
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
		Color[] colors = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e) };
		for (int i = 0; i < data.getSeriesCount(); i++) {
			renderer.setSeriesPaint(i, colors[i % colors.length]);
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		plot.setRenderer(renderer);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 600);
	}

}
