package io.chorus.loadtests;

import java.util.List;
import java.util.Locale;

/**
 * The inputs the simulations send: one Iris row per request, cycling through rows of all three species and
 * rows where the members disagree.
 */
final class IrisRows {

	/** Rows 1, 51, 78, 101, 120 and 150 of the Iris data set. */
	static final List<float[]> ROWS = List.of(new float[] { 5.1f, 3.5f, 1.4f, 0.2f },
			new float[] { 7.0f, 3.2f, 4.7f, 1.4f }, new float[] { 6.7f, 3.0f, 5.0f, 1.7f },
			new float[] { 6.3f, 3.3f, 6.0f, 2.5f }, new float[] { 6.0f, 2.2f, 5.0f, 1.5f },
			new float[] { 5.9f, 3.0f, 5.1f, 1.8f });

	private IrisRows() {
	}

	static String requestBody(int row) {
		float[] x = ROWS.get(row);
		return String.format(Locale.ROOT,
				"{\"id\":\"row-%d\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
						+ "\"data\":[%s,%s,%s,%s]}]}",
				row, x[0], x[1], x[2], x[3]);
	}

}
