package io.chorus.ensemble.warmup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.protocol.DataType;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.ModelMetadata;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up's synthetic requests look like real ones: the member's declared datatype and varied values, so the
 * code the warm-up compiles is the code real requests run (an FP32 model got FP64 requests of one repeated value).
 */
class StandInsTests {

	@Test
	void aSyntheticRequestCarriesTheDeclaredDatatypeWithVariedValues() {
		String key = "chorus.ensembles.w.";
		ChorusProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(key + "strategy", "mean",
				key + "outputs[0]", "y", key + "members[0].name", "a", key + "members[0].model", "m",
				key + "members[0].replicas[0]", "http://127.0.0.1:1")))
			.bindOrCreate("chorus", ChorusProperties.class);
		EnsembleSpec spec = EnsembleCatalog.of(properties, Set.of("mean")).all().iterator().next();
		ModelMetadata metadata = new ModelMetadata("m", List.of("1"), "test",
				List.of(new TensorMetadata("x", DataType.FP32, new long[] { -1, 4 })),
				List.of(new TensorMetadata("y", DataType.FP32, new long[] { -1, 3 })));
		try (StandIns standIns = new StandIns(Map.of(spec, List.of(metadata)))) {
			assertThat(standIns.synthetics()).hasSize(1);
			Tensor input = InferenceCodec.readRequest(standIns.synthetics().get(0).request()).inputs().get(0);
			assertThat(input.datatype()).isEqualTo(DataType.FP32);
			Set<Double> values = new HashSet<>();
			for (int i = 0; i < input.data().size(); i++) {
				values.add(input.data().doubleAt(i));
			}
			assertThat(values).as("varied values").hasSizeGreaterThan(StandIns.ROWS);
		}
	}

}
