package io.chorus.ensemble.warmup;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.protocol.DataType;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.ModelMetadata;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorMetadata;

/**
 * In-process stand-ins for the members of the ensembles being warmed: one loopback HTTP server that answers
 * each stand-in member with a canned, well-formed answer shaped like the real member's outputs (from its
 * metadata). The warm-up's synthetic requests go through the real fan-out to these, never to real members,
 * so no member bills or logs them.
 */
final class StandIns implements AutoCloseable {

	/** Rows in every synthetic request: a small batch, as real traffic sends. */
	static final int ROWS = 4;

	private final Map<String, byte[]> answers = new HashMap<>();

	private final DisposableServer server;

	private final List<Synthetic> synthetics = new ArrayList<>();

	/** One ensemble rewired to the stand-ins, and a synthetic request body for it. */
	record Synthetic(EnsembleSpec spec, byte[] request) {
	}

	StandIns(Map<EnsembleSpec, List<ModelMetadata>> ensembles) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				byte[] answer = this.answers.get(request.uri());
				return (answer != null) ? response.header("Content-Type", "application/json")
					.sendByteArray(Mono.just(answer)) : response.status(404).send();
			})
			.bindNow();
		URI base = URI.create("http://127.0.0.1:" + this.server.port());
		ensembles.forEach((spec, metadata) -> add(spec, metadata, base));
	}

	/** The ensembles that could be rewired (each needs one member's metadata naming its input and outputs). */
	List<Synthetic> synthetics() {
		return this.synthetics;
	}

	/** Unbinds the server without waiting (this may run on an event loop). */
	@Override
	public void close() {
		this.server.dispose();
	}

	private void add(EnsembleSpec spec, List<ModelMetadata> metadata, URI base) {
		ModelMetadata known = metadata.stream().filter((m) -> m != null && !m.inputs().isEmpty()).findFirst().orElse(null);
		if (known == null) {
			return;
		}
		List<Tensor> outputs = new ArrayList<>();
		for (String name : spec.outputs()) {
			TensorMetadata output = known.outputs().stream().filter((o) -> o.name().equals(name)).findFirst().orElse(null);
			if (output == null) {
				return;
			}
			outputs.add(tensor(name, output.datatype(), output.shape()));
		}
		byte[] answer = InferenceCodec.write(new InferenceResponse("stand-in", null, null, Map.of(), outputs));
		List<MemberSpec> members = new ArrayList<>();
		for (MemberSpec member : spec.members()) {
			String model = spec.name() + "." + member.name();
			this.answers.put("/v2/models/" + model + "/infer", answer);
			members.add(new MemberSpec(member.name(), member.order(), MemberProtocol.V2, model, List.of(base),
					member.weight(), member.timeout(), member.maxConcurrentCalls(), member.v1Output(),
					member.circuitBreaker(), member.retry()));
		}
		TensorMetadata input = known.inputs().get(0);
		byte[] request = InferenceCodec.write(new InferenceRequest("warmup", Map.of(),
				List.of(tensor(input.name(), input.datatype(), input.shape())), List.of()));
		this.synthetics.add(new Synthetic(new EnsembleSpec(spec.name(), spec.version(), spec.deadline(), spec.quorum(),
				spec.waitPolicy(), spec.grace(), spec.strategy(), spec.outputs(), spec.labelOutput(), spec.threshold(),
				spec.v1Input(), members), request));
	}

	/**
	 * A tensor of the given metadata, variable dimensions set to {@link #ROWS}, each row a probability
	 * distribution of varied values in the declared datatype. Real traffic carries FP32 values with many different
	 * digits: identical round values (as before) and FP64 in place of FP32 left the JIT with code for branches real
	 * requests never take, which real requests then deoptimised in a replica's first second.
	 */
	private static Tensor tensor(String name, DataType datatype, long[] declared) {
		long[] shape = Arrays.stream(declared).map((d) -> (d < 0) ? ROWS : d).toArray();
		if (shape.length == 0) {
			shape = new long[] { ROWS };
		}
		int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
		int width = (int) ((shape.length > 1) ? size / shape[0] : 1);
		Random random = new Random(name.hashCode());
		if (datatype.isFloatingPoint()) {
			double[] values = new double[size];
			for (int row = 0; row < size; row += width) {
				double sum = 0;
				for (int i = row; i < row + width; i++) {
					values[i] = 0.05 + random.nextDouble();
					sum += values[i];
				}
				for (int i = row; i < row + width; i++) {
					values[i] /= sum;
				}
			}
			if (datatype == DataType.FP64) {
				return Tensor.fp64(name, shape, values);
			}
			float[] floats = new float[size];
			for (int i = 0; i < size; i++) {
				floats[i] = (float) values[i];
			}
			return Tensor.fp32(name, shape, floats);
		}
		long[] labels = new long[size];
		for (int i = 0; i < size; i++) {
			labels[i] = random.nextInt(3);
		}
		return Tensor.int64(name, shape, labels);
	}

}
