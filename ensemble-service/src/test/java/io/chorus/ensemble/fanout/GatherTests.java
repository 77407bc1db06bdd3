package io.chorus.ensemble.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.config.WaitPolicy;
import io.chorus.ensemble.member.BreakerVerdict;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;

import static org.assertj.core.api.Assertions.assertThat;

class GatherTests {

	private final CircuitBreaker breaker = CircuitBreaker.of("m", CircuitBreakerConfig.custom()
		.slidingWindowSize(100)
		.minimumNumberOfCalls(100)
		.build());

	@Test
	void aNonFiniteNumberMakesTheMemberIncompatibleAndCountsAgainstIt() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 0.5f, Float.NaN })));
		assertThat(gather.freeze(Duration.ZERO).reports().get(0).outcome()).isInstanceOfSatisfying(
				MemberOutcome.Incompatible.class, (o) -> assertThat(o.message()).contains("non-finite"));
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
	}

	@Test
	void anAnswerWithTheWrongRowCountIsIncompatible() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 2);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 1, 2 })));
		assertThat(gather.freeze(Duration.ZERO).reports().get(0).outcome().message())
			.contains("the request has 2 rows");
	}

	@Test
	void theShapeIsDecidedByAgreementNotByTheFirstAnswer() {
		Gather gather = new Gather(spec(4, 3, WaitPolicy.ALL), 2);
		// The fastest member answers a well-formed tensor of the wrong shape; three slower ones agree.
		gather.accept(0, success(Tensor.fp32("out", new long[] { 2, 2 }, new float[] { 1, 2, 3, 4 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 })));
		gather.accept(2, success(Tensor.fp32("out", new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 })));
		assertThat(gather.quorumReached().toFuture()).isNotDone();
		gather.accept(3, success(Tensor.fp32("out", new long[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 })));
		assertThat(gather.quorumReached().toFuture()).isCompleted();
		Gather.Frozen frozen = gather.freeze(Duration.ZERO);
		assertThat(frozen.quorumMet()).isTrue();
		assertThat(frozen.reports().get(0).outcome()).isInstanceOfSatisfying(MemberOutcome.Incompatible.class,
				(o) -> assertThat(o.message()).contains("has shape [2, 2] but 3 other members answered [2, 3]"));
		assertThat(frozen.reports().subList(1, 4)).allSatisfy((r) -> assertThat(r.outcome().kind()).isEqualTo("ok"));
		assertThat(frozen.tensor(0, 0)).isNull();
		assertThat(frozen.tensor(3, 0)).isNotNull();
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(3);
	}

	@Test
	void aShapeTieGoesToTheGroupWithMoreDeclaredWeightThenTheEarlierMember() {
		Gather weighted = new Gather(spec(2, 1, WaitPolicy.ALL, 1.0, 2.0), 1);
		weighted.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 1, 2 })));
		weighted.accept(1, success(Tensor.fp32("out", new long[] { 1, 3 }, new float[] { 1, 2, 3 })));
		assertThat(weighted.freeze(Duration.ZERO).reports().get(0).outcome().kind()).isEqualTo("incompatible");

		Gather ordered = new Gather(spec(2, 1, WaitPolicy.ALL, 1.0, 1.0), 1);
		ordered.accept(1, success(Tensor.fp32("out", new long[] { 1, 3 }, new float[] { 1, 2, 3 })));
		ordered.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 1, 2 })));
		assertThat(ordered.freeze(Duration.ZERO).reports().get(1).outcome().kind()).isEqualTo("incompatible");
	}

	@Test
	void aMissingOrNonNumericOutputIsIncompatible() {
		Gather gather = new Gather(spec(2, 1, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("other", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(gather.freeze(Duration.ZERO).reports().get(0).outcome().message()).contains("has no output 'out'");
	}

	@Test
	void stopsAsSoonAsTheQuorumBecomesImpossible() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, failed());
		assertThat(gather.done()).isFalse();
		gather.accept(1, failed());
		assertThat(gather.done()).isTrue();
		assertThat(gather.freeze(Duration.ofMillis(5)).reports().get(2).outcome()).isInstanceOfSatisfying(
				MemberOutcome.Cancelled.class, (o) -> assertThat(o.message()).contains("could no longer be reached"));
	}

	@Test
	void disagreeingShapesMakeTheQuorumImpossibleToo() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 2 }, new float[] { 1, 2 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 3 }, new float[] { 1, 2, 3 })));
		assertThat(gather.done()).as("the third member can still make a pair").isFalse();
		gather.accept(2, success(Tensor.fp32("out", new long[] { 1, 4 }, new float[] { 1, 2, 3, 4 })));
		assertThat(gather.done()).isTrue();
		assertThat(gather.freeze(Duration.ZERO).quorumMet()).isFalse();
	}

	@Test
	void waitAllKeepsWaitingAfterTheQuorum() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		assertThat(gather.done()).isFalse();
		assertThat(gather.freeze(Duration.ZERO).quorumMet()).isTrue();
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
		assertThat(gather.freeze(Duration.ZERO).reports().get(2).outcome().message()).contains("grace period ended");
	}

	@Test
	void membersPendingAtTheDeadlineAreDeadlineOutcomes() {
		Gather gather = new Gather(spec(2, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		gather.deadlinePassed();
		assertThat(gather.freeze(Duration.ofMillis(9)).reports().get(1).outcome())
			.isInstanceOf(MemberOutcome.DeadlineExceeded.class);
	}

	@Test
	void anAnswerArrivingAfterTheDecisionChangesNothingAndIsNotCounted() {
		Gather gather = new Gather(spec(3, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		gather.accept(1, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 2 })));
		gather.deadlinePassed();
		Gather.Frozen frozen = gather.freeze(Duration.ofMillis(9));
		gather.accept(2, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 3 })));
		assertThat(gather.freeze(Duration.ofMillis(10))).isSameAs(frozen);
		assertThat(frozen.reports().get(2).outcome().kind()).isEqualTo("deadline");
		assertThat(frozen.tensor(2, 0)).isNull();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
	}

	@Test
	void abandoningJudgesNothing() {
		Gather gather = new Gather(spec(2, 2, WaitPolicy.ALL), 1);
		gather.accept(0, success(Tensor.fp32("out", new long[] { 1, 1 }, new float[] { 1 })));
		Gather.Frozen abandoned = gather.abandon(Duration.ofMillis(3));
		assertThat(abandoned.reports().get(1).outcome()).isInstanceOfSatisfying(MemberOutcome.Cancelled.class,
				(o) -> assertThat(o.message()).contains("client went away"));
		assertThat(gather.abandon(Duration.ofMillis(4))).isNull();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	private MemberOutcome success(Tensor tensor) {
		this.breaker.acquirePermission();
		return new MemberOutcome.Success(new InferenceResponse("m", null, null, Map.of(), List.of(tensor)),
				Duration.ofMillis(1), 1, new BreakerVerdict(this.breaker));
	}

	private static MemberOutcome failed() {
		return new MemberOutcome.Failed("HTTP 500", 500, null, Duration.ofMillis(1), 1);
	}

	private static EnsembleSpec spec(int members, int quorum, WaitPolicy policy, double... weights) {
		List<MemberSpec> specs = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			specs.add(new MemberSpec("m" + i, i, MemberProtocol.V2, "m" + i, List.of(URI.create("http://h:1")),
					(weights.length > i) ? weights[i] : 1, Duration.ofSeconds(1), 10, "out",
					new ChorusProperties.CircuitBreaker(50, 10, 5, Duration.ofSeconds(1), 1),
					new ChorusProperties.Retry(0, Duration.ZERO, Duration.ZERO, 0, 0, 0, Duration.ofSeconds(10))));
		}
		return new EnsembleSpec("e", "1", Duration.ofSeconds(1), quorum, policy, Duration.ofMillis(50), "mean",
				List.of("out"), "label", 0.5, "input", specs);
	}

}
