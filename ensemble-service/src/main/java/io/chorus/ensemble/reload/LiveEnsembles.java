package io.chorus.ensemble.reload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.InvalidEnsembleConfigException;
import io.chorus.ensemble.member.MemberClients;

/**
 * The ensembles being served and their member clients, swapped as one on a reload. A request leases the
 * generation it starts on and keeps it to the end, so it never mixes two definitions. A reload validates the
 * whole new configuration first and on any problem changes nothing; on success it swaps atomically, keeping
 * unchanged members' clients (pools, breakers, bulkheads, retry budgets), and closes the pools no generation
 * needs once the requests that leased the old generation have ended and their shadow calls had time to finish.
 */
public final class LiveEnsembles implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LiveEnsembles.class);

	private final Function<ChorusProperties, EnsembleCatalog> validate;

	private final Function<MemberClients, Function<EnsembleCatalog, MemberClients>> clientsFor;

	private final Counter succeeded;

	private final Counter failed;

	private final AtomicInteger lastFailed = new AtomicInteger();

	private volatile Generation current;

	private final List<Generation> open = new ArrayList<>();

	private volatile Map<String, Object> lastResult = Map.of("result", "none", "generation", 1);

	/**
	 * Starts serving a catalog.
	 * @param catalog the validated ensembles
	 * @param clients their member clients
	 * @param validate validates a configuration into a catalog, throwing {@link InvalidEnsembleConfigException}
	 * @param clientsFor given the clients serving now, creates the clients of a new catalog
	 * @param registry where reloads are counted
	 */
	public LiveEnsembles(EnsembleCatalog catalog, MemberClients clients,
			Function<ChorusProperties, EnsembleCatalog> validate,
			Function<MemberClients, Function<EnsembleCatalog, MemberClients>> clientsFor, MeterRegistry registry) {
		this.validate = validate;
		this.clientsFor = clientsFor;
		this.current = new Generation(1, catalog, clients);
		this.open.add(this.current);
		this.succeeded = Counter.builder("chorus.reload").tag("result", "success")
			.description("Reloads of the ensemble configuration, by result").register(registry);
		this.failed = Counter.builder("chorus.reload").tag("result", "failure")
			.description("Reloads of the ensemble configuration, by result").register(registry);
		registry.gauge("chorus.reload.last.failed", this.lastFailed);
		registry.gauge("chorus.reload.generation", this, (live) -> live.current.number);
	}

	/**
	 * The ensembles served now.
	 * @return the current catalog
	 */
	public EnsembleCatalog catalog() {
		return this.current.catalog;
	}

	/**
	 * The member clients of the ensembles served now.
	 * @return the current clients
	 */
	public MemberClients clients() {
		return this.current.clients;
	}

	/**
	 * Leases the current generation for one request; close the lease when the request ends.
	 * @return the lease
	 */
	public Lease lease() {
		while (true) {
			Generation generation = this.current;
			if (generation.acquire()) {
				return new Lease(generation);
			}
		}
	}

	/**
	 * Validates a new configuration and, when it is valid, serves it from now on.
	 * @param next the new configuration
	 * @return what happened: {@code result} ({@code reloaded} or {@code failed}), {@code generation},
	 * {@code ensembles} and {@code problems}
	 */
	public synchronized Map<String, Object> reload(ChorusProperties next) {
		Generation old = this.current;
		List<String> problems;
		try {
			EnsembleCatalog catalog = this.validate.apply(next);
			if (catalog.all().isEmpty() && !old.catalog.all().isEmpty()) {
				throw new InvalidEnsembleConfigException(List.of("chorus.ensembles: the new configuration has no"
						+ " ensembles; keeping the " + old.catalog.all().size() + " served now"));
			}
			MemberClients clients = this.clientsFor.apply(old.clients).apply(catalog);
			Generation fresh = new Generation(old.number + 1, catalog, clients);
			this.open.add(fresh);
			this.current = fresh;
			this.succeeded.increment();
			this.lastFailed.set(0);
			old.retire();
			logger.info("Reloaded the ensembles (generation " + fresh.number + "): " + names(catalog));
			return remember("reloaded", fresh.number, names(catalog), List.of());
		}
		catch (InvalidEnsembleConfigException ex) {
			problems = ex.problems();
		}
		catch (RuntimeException ex) {
			problems = List.of("chorus: the configuration could not be read or bound: " + ex.getMessage());
		}
		this.failed.increment();
		this.lastFailed.set(1);
		logger.error("Reload refused; still serving generation " + old.number + " (" + names(old.catalog)
				+ "). Problems:");
		problems.forEach((problem) -> logger.error("  - " + problem));
		return remember("failed", old.number, names(old.catalog), problems);
	}

	/**
	 * The answer of the last reload.
	 * @return what the last reload returned
	 */
	public Map<String, Object> lastResult() {
		return this.lastResult;
	}

	@Override
	public synchronized void close() {
		this.open.forEach((generation) -> generation.clients.close());
	}

	private Map<String, Object> remember(String result, int generation, Set<String> ensembles, List<String> problems) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("result", result);
		answer.put("generation", generation);
		answer.put("at", Instant.now().toString());
		answer.put("ensembles", ensembles);
		answer.put("problems", problems);
		this.lastResult = Map.copyOf(answer);
		return answer;
	}

	private static Set<String> names(EnsembleCatalog catalog) {
		return new java.util.TreeSet<>(catalog.all().stream().map(EnsembleSpec::name).toList());
	}

	/** Closes a drained generation's pools that no open generation uses, once its shadows had time to end. */
	private void drained(Generation generation) {
		Duration longest = generation.catalog.all().stream().map(EnsembleSpec::deadline)
			.max(Duration::compareTo).orElse(Duration.ZERO).plusSeconds(1);
		Mono.delay(longest).subscribe((tick) -> {
			synchronized (this) {
				this.open.remove(generation);
				generation.clients.closeExcept(this.open.stream().map((g) -> g.clients).toList());
			}
		});
	}

	/** One request's hold on the generation it started on. */
	public static final class Lease implements AutoCloseable {

		private final Generation generation;

		private boolean closed;

		private Lease(Generation generation) {
			this.generation = generation;
		}

		/**
		 * The ensembles of this generation.
		 * @return the catalog
		 */
		public EnsembleCatalog catalog() {
			return this.generation.catalog;
		}

		/**
		 * The member clients of this generation.
		 * @return the clients
		 */
		public MemberClients clients() {
			return this.generation.clients;
		}

		/** Ends the request's hold; idempotent. */
		@Override
		public synchronized void close() {
			if (!this.closed) {
				this.closed = true;
				this.generation.release();
			}
		}

	}

	/** A catalog with its clients, and the requests running on them. */
	private final class Generation {

		private final int number;

		private final EnsembleCatalog catalog;

		private final MemberClients clients;

		private int leases;

		private boolean retired;

		Generation(int number, EnsembleCatalog catalog, MemberClients clients) {
			this.number = number;
			this.catalog = catalog;
			this.clients = clients;
		}

		synchronized boolean acquire() {
			if (this.retired && this.leases == 0) {
				return false;
			}
			this.leases++;
			return true;
		}

		synchronized void release() {
			if (--this.leases == 0 && this.retired) {
				drained(this);
			}
		}

		synchronized void retire() {
			this.retired = true;
			if (this.leases == 0) {
				drained(this);
			}
		}

	}

}
