package io.chorus.weights.predict;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import io.chorus.weights.config.EnsembleConfig;
import io.chorus.weights.config.MemberConfig;
import io.chorus.weights.data.Dataset;
import io.chorus.weights.fit.MemberAnswers;

/**
 * Collects every member's answers for a data set by calling the members' real endpoints: the rows go in batches,
 * every member at once, with at most {@link PredictOptions#concurrency()} (and never more than the member's own
 * {@code max-concurrent-calls}) requests in flight to each member, spread round-robin over its replicas.
 */
public final class MemberPredictor {

	private final HttpClient http;

	private final PredictOptions options;

	/**
	 * Creates a predictor.
	 * @param http the client to call the members with
	 * @param options batch size, concurrency, timeout and tensor names
	 */
	public MemberPredictor(HttpClient http, PredictOptions options) {
		this.http = http;
		this.options = options;
	}

	/**
	 * Calls every member on every row; blocks until all answered (this is a command-line tool, not a server).
	 * @param ensemble the ensemble whose members to call
	 * @param data the examples
	 * @return the answers, in member order
	 * @throws IllegalStateException naming the member and the batch when a call fails or an answer has the wrong
	 * shape
	 */
	public MemberAnswers predict(EnsembleConfig ensemble, Dataset data) {
		List<CompletableFuture<double[][]>> perMember = new ArrayList<>();
		for (MemberConfig member : ensemble.members()) {
			perMember.add(predictMember(member, data));
		}
		List<double[]> values = new ArrayList<>();
		int width = -1;
		for (int m = 0; m < perMember.size(); m++) {
			double[][] rows = join(perMember.get(m));
			int memberWidth = rows[0].length;
			if (width >= 0 && memberWidth != width) {
				throw new IllegalStateException("member " + ensemble.members().get(m).name() + " answers " + memberWidth
						+ " numbers per row, the others " + width);
			}
			width = memberWidth;
			double[] flat = new double[rows.length * width];
			for (int row = 0; row < rows.length; row++) {
				System.arraycopy(rows[row], 0, flat, row * width, width);
			}
			values.add(flat);
		}
		return new MemberAnswers(ensemble.memberNames(), data.size(), width, values);
	}

	private CompletableFuture<double[][]> predictMember(MemberConfig member, Dataset data) {
		BatchCall call = new BatchCall(this.http, member, this.options);
		Semaphore permits = new Semaphore(Math.min(this.options.concurrency(), member.maxConcurrentCalls()));
		double[][] answers = new double[data.size()][];
		List<CompletableFuture<Void>> batches = new ArrayList<>();
		int batchIndex = 0;
		for (int from = 0; from < data.size(); from += this.options.batchSize()) {
			int start = from;
			int end = Math.min(data.size(), from + this.options.batchSize());
			int replica = batchIndex++ % member.replicas().size();
			permits.acquireUninterruptibly();
			batches.add(call.send(replica, data.inputs(), start, end)
				.thenAccept((rows) -> System.arraycopy(rows, 0, answers, start, rows.length))
				.whenComplete((ignored, error) -> permits.release()));
		}
		return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply((ignored) -> answers);
	}

	private static double[][] join(CompletableFuture<double[][]> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof IllegalStateException ise) ? ise : new IllegalStateException(cause.getMessage(), cause);
		}
	}

}
