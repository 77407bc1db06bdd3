package io.chorus.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Open Inference Protocol {@code inference_request}.
 *
 * @param id the optional request id, echoed in the response
 * @param parameters optional protocol parameters (string, number or boolean values)
 * @param inputs the input tensors, at least one
 * @param outputs the outputs asked for; empty means all
 */
public record InferenceRequest(String id, Map<String, Object> parameters, List<Tensor> inputs,
		List<RequestedOutput> outputs) {

	/**
	 * Copies collections and checks that there is at least one input.
	 * @throws ProtocolException when {@code inputs} is missing or empty
	 */
	public InferenceRequest {
		if (inputs == null || inputs.isEmpty()) {
			throw new ProtocolException("request has no 'inputs'");
		}
		inputs = List.copyOf(inputs);
		outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
		parameters = Parameters.copy(parameters);
	}

	/**
	 * Finds an input by name.
	 * @param name the tensor name
	 * @return the input, if present
	 */
	public Optional<Tensor> input(String name) {
		return this.inputs.stream().filter((t) -> t.name().equals(name)).findFirst();
	}

}
