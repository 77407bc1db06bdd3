package io.chorus.ensemble.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.chorus.ensemble.aggregate.AggregationOptions;
import io.chorus.ensemble.aggregate.Aggregator;
import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.aggregate.MemberTensor;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.member.MemberClient;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.protocol.DataType;
import io.chorus.protocol.ModelMetadata;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;
import io.chorus.protocol.TensorMetadata;

/**
 * Derives an ensemble's model metadata from its members, and its readiness from their breakers.
 *
 * <p>Inputs come from the first member (in order) that answers a metadata request. Outputs are found by
 * running the ensemble's own aggregator over a zero tensor shaped like that member's output, so any
 * strategy, built-in or user-supplied, reports exactly the names, datatypes and shapes it produces.
 * Successful answers are cached.
 */
final class EnsembleMetadata {

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

	private final Supplier<MemberClients> clients;

	private final AggregatorRegistry aggregators;

	private final Map<String, ModelMetadata> cache = new ConcurrentHashMap<>();

	EnsembleMetadata(Supplier<MemberClients> clients, AggregatorRegistry aggregators) {
		this.clients = clients;
		this.aggregators = aggregators;
	}

	Mono<ModelMetadata> of(EnsembleSpec spec) {
		ModelMetadata cached = this.cache.get(spec.name());
		if (cached != null) {
			return Mono.just(cached);
		}
		List<MemberClient> members = this.clients.get().of(spec.name());
		return Flux.fromIterable(members)
			.flatMapSequential((member) -> member.metadata(FETCH_TIMEOUT)
				.flatMap((metadata) -> Mono.justOrEmpty(derive(spec, metadata))))
			.next()
			.doOnNext((metadata) -> this.cache.put(spec.name(), metadata));
	}

	boolean ready(EnsembleSpec spec) {
		long usable = this.clients.get().of(spec.name())
			.stream()
			.map((client) -> client.breaker().getState())
			.filter((state) -> state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN)
			.count();
		return usable >= spec.quorum();
	}

	private Optional<ModelMetadata> derive(EnsembleSpec spec, ModelMetadata member) {
		Aggregator aggregator = this.aggregators.find(spec.strategy()).orElse(null);
		if (aggregator == null) {
			return Optional.empty();
		}
		List<TensorMetadata> outputs = new ArrayList<>();
		for (String name : spec.outputs()) {
			TensorMetadata source = member.outputs().stream().filter((t) -> t.name().equals(name)).findFirst().orElse(null);
			if (source == null || !source.datatype().isNumeric()) {
				return Optional.empty();
			}
			Tensor probe = zeros(source);
			List<Tensor> produced = aggregator.aggregate(name, List.of(new MemberTensor("probe", 0, 1.0, probe)),
					new AggregationOptions(spec.labelOutput(), spec.threshold()));
			for (Tensor tensor : produced) {
				if (outputs.stream().noneMatch((t) -> t.name().equals(tensor.name()))) {
					long[] shape = tensor.shape();
					if (shape.length > 0 && source.shape().length > 0 && source.shape()[0] < 0) {
						shape[0] = -1;
					}
					outputs.add(new TensorMetadata(tensor.name(), tensor.datatype(), shape));
				}
			}
		}
		return Optional.of(new ModelMetadata(spec.name(), List.of(spec.version()), "chorus_ensemble", member.inputs(),
				outputs));
	}

	private static Tensor zeros(TensorMetadata source) {
		long[] shape = source.shape();
		int count = 1;
		for (int i = 0; i < shape.length; i++) {
			shape[i] = Math.max(1, shape[i]);
			count *= (int) shape[i];
		}
		TensorData data = switch (source.datatype().storage()) {
			case FLOAT -> TensorData.of(new float[count]);
			case DOUBLE -> TensorData.of(new double[count]);
			default -> TensorData.of(new long[count]);
		};
		DataType type = source.datatype();
		return Tensor.of(source.name(), type, shape, data);
	}

}
