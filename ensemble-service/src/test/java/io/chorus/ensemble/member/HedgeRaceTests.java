package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class HedgeRaceTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests): this class creates the parallel
		// scheduler, and one created before BlockHound is installed breaks the timers of later integration tests.
		reactor.blockhound.BlockHound.install();
	}

	private final AtomicInteger backups = new AtomicInteger();

	private final AtomicBoolean primaryCancelled = new AtomicBoolean();

	private final AtomicBoolean backupCancelled = new AtomicBoolean();

	private final List<String> discarded = new ArrayList<>();

	private Mono<String> primary(long ms, String value) {
		return Mono.delay(Duration.ofMillis(ms)).thenReturn(value).doOnCancel(() -> this.primaryCancelled.set(true));
	}

	private Mono<String> failing(long ms, String message) {
		return Mono.delay(Duration.ofMillis(ms)).then(Mono.<String>error(new IllegalStateException(message)));
	}

	private Mono<String> backup(Mono<String> call) {
		return Mono.defer(() -> {
			this.backups.incrementAndGet();
			return call;
		}).doOnCancel(() -> this.backupCancelled.set(true));
	}

	private Mono<HedgeRace.Won<String>> race(Mono<String> primary, Mono<String> backup, boolean admit) {
		return HedgeRace.race(primary, backup, Duration.ofMillis(50), () -> admit, this.discarded::add,
				VirtualTimeScheduler.get());
	}

	@Test
	void aFastPrimaryWinsAndNoHedgeIsSent() {
		StepVerifier.withVirtualTime(() -> race(primary(30, "p"), backup(Mono.just("b")), true))
			.thenAwait(Duration.ofMillis(30))
			.assertNext((won) -> assertThat(won).isEqualTo(new HedgeRace.Won<>("p", false)))
			.verifyComplete();
		assertThat(this.backups).hasValue(0);
	}

	@Test
	void aSlowPrimaryIsHedgedAfterTheDelayAndCancelledWhenTheHedgeWins() {
		StepVerifier
			.withVirtualTime(() -> race(primary(1000, "p"), backup(Mono.delay(Duration.ofMillis(20)).thenReturn("b")),
					true))
			.thenAwait(Duration.ofMillis(49))
			.then(() -> assertThat(this.backups).hasValue(0))
			.thenAwait(Duration.ofMillis(1))
			.then(() -> assertThat(this.backups).hasValue(1))
			.thenAwait(Duration.ofMillis(20))
			.assertNext((won) -> assertThat(won).isEqualTo(new HedgeRace.Won<>("b", true)))
			.verifyComplete();
		assertThat(this.primaryCancelled).isTrue();
		assertThat(this.backupCancelled).isFalse();
	}

	@Test
	void thePrimaryCanStillWinAfterTheHedgeWasSentAndTheHedgeIsCancelled() {
		StepVerifier
			.withVirtualTime(() -> race(primary(60, "p"), backup(Mono.delay(Duration.ofMillis(500)).thenReturn("b")),
					true))
			.thenAwait(Duration.ofMillis(60))
			.assertNext((won) -> assertThat(won).isEqualTo(new HedgeRace.Won<>("p", false)))
			.verifyComplete();
		assertThat(this.backups).hasValue(1);
		assertThat(this.backupCancelled).isTrue();
	}

	@Test
	void noHedgeWhenNotAdmitted() {
		StepVerifier.withVirtualTime(() -> race(primary(300, "p"), backup(Mono.just("b")), false))
			.thenAwait(Duration.ofMillis(300))
			.assertNext((won) -> assertThat(won.hedged()).isFalse())
			.verifyComplete();
		assertThat(this.backups).hasValue(0);
	}

	@Test
	void aPrimaryFailingBeforeTheDelayFailsAtOnceWithoutAHedge() {
		StepVerifier.withVirtualTime(() -> race(failing(10, "boom"), backup(Mono.just("b")), true))
			.thenAwait(Duration.ofMillis(10))
			.expectErrorMessage("boom")
			.verify();
		assertThat(this.backups).hasValue(0);
	}

	@Test
	void aPrimaryFailingAfterTheHedgeWasSentWaitsForTheHedge() {
		StepVerifier
			.withVirtualTime(() -> race(failing(70, "boom"), backup(Mono.delay(Duration.ofMillis(100)).thenReturn("b")),
					true))
			.thenAwait(Duration.ofMillis(150))
			.assertNext((won) -> assertThat(won).isEqualTo(new HedgeRace.Won<>("b", true)))
			.verifyComplete();
	}

	@Test
	void whenBothFailThePrimarysFailureIsTheResult() {
		StepVerifier.withVirtualTime(() -> race(failing(100, "primary"), backup(failing(10, "hedge")), true))
			.thenAwait(Duration.ofMillis(100))
			.expectErrorMessage("primary")
			.verify();
		StepVerifier.withVirtualTime(() -> race(failing(70, "primary"), backup(failing(100, "hedge")), true))
			.thenAwait(Duration.ofMillis(70))
			.expectNoEvent(Duration.ofMillis(79))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorMessage("primary")
			.verify();
	}

	@Test
	void aFailedHedgeLeavesThePrimaryRunning() {
		StepVerifier.withVirtualTime(() -> race(primary(200, "p"), backup(failing(10, "hedge")), true))
			.thenAwait(Duration.ofMillis(200))
			.assertNext((won) -> assertThat(won).isEqualTo(new HedgeRace.Won<>("p", false)))
			.verifyComplete();
	}

	@Test
	void cancellingTheRaceCancelsBothCalls() {
		StepVerifier.withVirtualTime(() -> race(primary(1000, "p"), backup(Mono.never()), true))
			.thenAwait(Duration.ofMillis(60))
			.thenCancel()
			.verify();
		assertThat(this.backups).hasValue(1);
		assertThat(this.primaryCancelled).isTrue();
		assertThat(this.backupCancelled).isTrue();
	}

	@Test
	void cancellingBeforeTheDelaySendsNoHedge() {
		// A private virtual clock: VirtualTimeScheduler.getOrSet() would replace Reactor's schedulers for every
		// later test in this JVM.
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		reactor.core.Disposable race = HedgeRace.race(Mono.delay(Duration.ofMillis(1000), time).thenReturn("p"),
				backup(Mono.just("b")), Duration.ofMillis(50), () -> true, this.discarded::add, time).subscribe();
		time.advanceTimeBy(Duration.ofMillis(10));
		race.dispose();
		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.backups).hasValue(0);
	}

	@Test
	void simultaneousAnswersOnTwoThreadsGiveOneWinnerAndTheOtherIsDiscardedOrCancelled() {
		for (int i = 0; i < 300; i++) {
			List<String> discarded = java.util.Collections.synchronizedList(new ArrayList<>());
			Mono<String> primary = Mono.fromCallable(() -> "p").delaySubscription(Duration.ofNanos(1000),
					reactor.core.scheduler.Schedulers.parallel());
			Mono<String> backup = Mono.fromCallable(() -> "b").subscribeOn(reactor.core.scheduler.Schedulers.parallel());
			HedgeRace.Won<String> won = HedgeRace
				.race(primary, backup, Duration.ZERO, () -> true, discarded::add,
						reactor.core.scheduler.Schedulers.parallel())
				.block(Duration.ofSeconds(5));
			assertThat(won).isNotNull();
			assertThat(discarded).doesNotContain(won.value()).hasSizeLessThanOrEqualTo(1);
		}
	}

}
