package io.chorus.protocol;

import java.util.List;

/**
 * An Open Inference Protocol {@code metadata_model_response}.
 *
 * @param name the model name
 * @param versions the versions served
 * @param platform the framework or platform, for example {@code chorus_ensemble}
 * @param inputs the input tensors
 * @param outputs the output tensors
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
		List<TensorMetadata> outputs) {

	/** Copies collections. */
	public ModelMetadata {
		versions = (versions == null) ? List.of() : List.copyOf(versions);
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
	}

}
