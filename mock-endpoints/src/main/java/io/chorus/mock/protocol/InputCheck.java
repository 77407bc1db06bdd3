package io.chorus.mock.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.chorus.mock.model.Model;
import io.chorus.mock.model.ServedModel;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.ProtocolException;
import io.chorus.protocol.RequestedOutput;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorMetadata;

/**
 * Checks a parsed request against a model's signature; every failure is a client-safe
 * {@link ProtocolException} naming the problem.
 */
final class InputCheck {

	private InputCheck() {
	}

	static Tensor features(ServedModel model, InferenceRequest request) {
		Tensor features = null;
		for (Tensor input : request.inputs()) {
			if (!Model.INPUT.equals(input.name())) {
				throw new ProtocolException("unknown input '" + input.name() + "'; model '" + model.name()
						+ "' has one input, '" + Model.INPUT + "' FP32 [-1, " + Model.FEATURES + "]");
			}
			if (features != null) {
				throw new ProtocolException("input '" + Model.INPUT + "' is given more than once");
			}
			features = input;
		}
		return features(features);
	}

	static Tensor features(Tensor features) {
		if (!features.datatype().isNumeric()) {
			throw new ProtocolException("input '" + features.name() + "' must be numeric (FP32), not "
					+ features.datatype());
		}
		long[] shape = features.shape();
		if (shape.length != 2 || shape[1] != Model.FEATURES) {
			throw new ProtocolException("input '" + features.name() + "' must have shape [batch, " + Model.FEATURES
					+ "] (sepal length, sepal width, petal length, petal width), not " + Arrays.toString(shape));
		}
		return features;
	}

	static List<Tensor> select(ServedModel model, List<RequestedOutput> requested, List<Tensor> outputs) {
		if (requested.isEmpty()) {
			return outputs;
		}
		List<Tensor> selected = new ArrayList<>(requested.size());
		for (RequestedOutput output : requested) {
			Tensor match = null;
			for (Tensor tensor : outputs) {
				if (tensor.name().equals(output.name())) {
					match = tensor;
				}
			}
			if (match == null) {
				throw new ProtocolException("unknown output '" + output.name() + "'; model '" + model.name()
						+ "' has outputs " + model.function().outputs().stream().map(TensorMetadata::name).toList());
			}
			selected.add(match);
		}
		return selected;
	}

}
