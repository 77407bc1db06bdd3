package io.chorus.ensemble.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.config.WaitPolicy;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;

import static org.assertj.core.api.Assertions.assertThat;

class GatherTests {

	@Test
	void aNonFiniteNumberMakesTheMemberIncompatible() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 0.5f, Float.NaN })));
		assertThat(gather.reports(Duration.ZERO).get(0).outcome()).isInstanceOfSatisfying(
				MemberOutcome.Incompatible.class, (o) -> assertThat(o.message()).contains("non-finite"));
	}

	@Test
	void anAnswerWithTheWrongRowCountOrShapeIsIncompatible() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 2);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 2, 2 }, new float[] { 1, 2, 3, 4 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 1, 2 })));
		gather.accept(2, success(Tensor.fp32("out", new long[] { 2, 1 }, new float[] { 1, 2 })));
		List<MemberReport> reports = gather.reports(Duration.ZERO);
		assertThat(reports.get(0).outcome().kind()).isEqualTo("ok");
		assertThat(reports.get(1).outcome().message()).contains("the request has 2 rows");
		assertThat(reports.get(2).outcome().message()).contains("other members answered [2, 2]");
	}

	@Test
	void aMissingOrNonNumericOutputIsIncompatible() {
		Gather gather = new Gather(spec(2, 1, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("other", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(gather.reports(Duration.ZERO).get(0).outcome().message()).contains("has no output 'out'");
	}

	@Test
	void stopsAsSoonAsTheQuorumBecomesImpossible() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, failed());
		assertThat(gather.done()).isFalse();
		gather.accept(1, failed());
		assertThat(gather.done()).isTrue();
		assertThat(gather.reports(Duration.ofMillis(5)).get(2).outcome()).isInstanceOfSatisfying(
				MemberOutcome.Cancelled.class, (o) -> assertThat(o.message()).contains("could no longer be reached"));
	}

	@Test
	void waitAllKeepsWaitingAfterTheQuorum() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(gather.quorumMet()).isTrue();
		assertThat(gather.done()).isFalse();
	}

	@Test
	void signalsTheQuorumForTheGraceTimerWhenTheQuorumthMemberAnswers() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.QUORUM_GRACE), 1);
		java.util.concurrent.CompletableFuture<Void> signal = gather.quorumReached().toFuture();
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(signal).isNotDone();
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(signal).isCompleted();
		assertThat(gather.done()).isFalse();
		gather.graceOver();
		assertThat(gather.reports(Duration.ZERO).get(2).outcome().message()).contains("grace period ended");
	}

	@Test
	void membersPendingAtTheDeadlineTimeOut() {
		Gather gather = new Gather(spec(2, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		gather.deadlinePassed();
		assertThat(gather.reports(Duration.ofMillis(9)).get(1).outcome()).isInstanceOf(MemberOutcome.TimedOut.class);
	}

	private static MemberOutcome success(Tensor tensor) {
		return new MemberOutcome.Success(new InferenceResponse("m", null, null, Map.of(), List.of(tensor)),
				Duration.ofMillis(1), 1);
	}

	private static MemberOutcome failed() {
		return new MemberOutcome.Failed("HTTP 500", 500, Duration.ofMillis(1), 1);
	}

	private static EnsembleSpec spec(int members, int quorum, WaitPolicy policy) {
		List<MemberSpec> specs = new java.util.ArrayList<>();
		for (int i = 0; i < members; i++) {
			specs.add(new MemberSpec("m" + i, i, MemberProtocol.V2, "m" + i, List.of(URI.create("http://h:1")), 1,
					Duration.ofSeconds(1), 10, "out", new ChorusProperties.CircuitBreaker(50, 10, 5, Duration.ofSeconds(1), 1),
					new ChorusProperties.Retry(0, Duration.ZERO, Duration.ZERO, 0, 0, 0)));
		}
		return new EnsembleSpec("e", "1", Duration.ofSeconds(1), quorum, policy, Duration.ofMillis(50), "mean",
				List.of("out"), "label", "input", specs);
	}

}
