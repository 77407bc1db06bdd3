package io.chorus.ensemble.shadow;

import java.util.Arrays;
import java.util.List;

import io.chorus.ensemble.aggregate.Agreement;
import io.chorus.ensemble.aggregate.MemberTensor;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;

/**
 * Checks a shadow's answer and compares it with the ensemble's.
 */
final class ShadowComparison {

	private ShadowComparison() {
	}

	/** What makes the answer unusable (a configured output missing, not numeric, not finite), or null. */
	static String problem(EnsembleSpec spec, InferenceResponse answer) {
		for (String name : spec.outputs()) {
			Tensor tensor = answer.output(name).orElse(null);
			if (tensor == null) {
				return "the answer has no output '" + name + "'";
			}
			if (!tensor.datatype().isNumeric()) {
				return "output '" + name + "' is " + tensor.datatype() + ", not numeric";
			}
			for (int i = 0, n = tensor.data().size(); i < n; i++) {
				if (!Double.isFinite(tensor.data().doubleAt(i))) {
					return "output '" + name + "' holds a non-finite number";
				}
			}
		}
		return null;
	}

	/**
	 * Records how far the shadow agrees: per row, whether its label (read from the first configured output as the
	 * ensemble reads labels) equals the ensemble's, when the ensemble answers labels; per output of the same shape,
	 * the mean absolute difference.
	 */
	static void compare(EnsembleSpec spec, EnsembleResult.Answered answered, InferenceResponse shadow,
			ShadowMeters.Comparison meters) {
		Tensor labels = find(answered.outputs(), spec.labelOutput());
		Tensor first = shadow.output(spec.outputs().get(0)).orElse(null);
		if (labels != null && first != null) {
			try {
				long rows = labels.data().size();
				double agreement = Agreement.of(List.of(new MemberTensor("shadow", 0, 1,
						first)), labels, spec.threshold());
				meters.labels(Math.round(agreement * rows), rows);
			}
			catch (IllegalArgumentException ex) {
				// Not comparable as labels (other row count, or values that are no labels): nothing to count.
			}
		}
		for (String name : spec.outputs()) {
			Tensor ensemble = find(answered.outputs(), name);
			Tensor own = shadow.output(name).orElse(null);
			if (ensemble != null && own != null && Arrays.equals(ensemble.shape(), own.shape())
					&& ensemble.data().size() > 0) {
				double sum = 0;
				int n = ensemble.data().size();
				for (int i = 0; i < n; i++) {
					sum += Math.abs(ensemble.data().doubleAt(i) - own.data().doubleAt(i));
				}
				meters.difference(name, sum / n);
			}
		}
	}

	private static Tensor find(List<Tensor> tensors, String name) {
		return tensors.stream().filter((t) -> t.name().equals(name)).findFirst().orElse(null);
	}

}
