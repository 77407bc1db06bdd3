package io.chorus.ensemble.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated ensembles, by name. Construction checks the whole configuration and fails with every
 * problem listed by property key, so a bad configuration stops start-up with a clear message.
 */
public final class EnsembleCatalog {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private final Map<String, EnsembleSpec> ensembles;

	private EnsembleCatalog(Map<String, EnsembleSpec> ensembles) {
		this.ensembles = ensembles;
	}

	/**
	 * Validates configuration into a catalog.
	 * @param properties the bound configuration
	 * @param strategies the names of the aggregation strategies available
	 * @return the catalog
	 * @throws InvalidEnsembleConfigException listing every problem found
	 */
	public static EnsembleCatalog of(ChorusProperties properties, Set<String> strategies) {
		return of(properties, strategies, List.of());
	}

	/**
	 * Validates configuration into a catalog, also refusing ensemble names that the binding split at a dot.
	 * @param properties the bound configuration
	 * @param strategies the names of the aggregation strategies available
	 * @param environment the environment the configuration was bound from
	 * @return the catalog
	 * @throws InvalidEnsembleConfigException listing every problem found
	 */
	public static EnsembleCatalog of(ChorusProperties properties, Set<String> strategies,
			org.springframework.core.env.Environment environment) {
		return of(properties, strategies, DottedEnsembleNames.problems(environment));
	}

	private static EnsembleCatalog of(ChorusProperties properties, Set<String> strategies, List<String> found) {
		List<String> problems = new ArrayList<>(found);
		Map<String, EnsembleSpec> specs = new LinkedHashMap<>();
		properties.ensembles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((entry) -> {
			EnsembleSpec spec = validate(entry.getKey(), entry.getValue(), strategies, properties.limits(), problems);
			if (spec != null) {
				specs.put(entry.getKey(), spec);
			}
		});
		TailSettings.admission("chorus.admission", properties.admission(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidEnsembleConfigException(problems);
		}
		return new EnsembleCatalog(Map.copyOf(specs));
	}

	/**
	 * Finds an ensemble by name.
	 * @param name the ensemble name
	 * @return the ensemble, if configured
	 */
	public Optional<EnsembleSpec> find(String name) {
		return Optional.ofNullable(this.ensembles.get(name));
	}

	/**
	 * All ensembles.
	 * @return the ensembles
	 */
	public Collection<EnsembleSpec> all() {
		return this.ensembles.values();
	}

	private static EnsembleSpec validate(String name, ChorusProperties.Ensemble config, Set<String> strategies,
			ChorusProperties.Limits limits, List<String> problems) {
		String key = "chorus.ensembles." + name;
		int before = problems.size();
		if (!NAME.matcher(name).matches()) {
			problems.add(key + ": the name must be letters, digits, '.', '_' or '-'");
		}
		if (config.deadline() == null || config.deadline().isNegative() || config.deadline().isZero()) {
			problems.add(key + ".deadline: must be positive");
		}
		else if (config.deadline().compareTo(limits.minAttemptTime()) <= 0) {
			problems.add(key + ".deadline: " + config.deadline().toMillis() + "ms leaves no member call time to start"
					+ " (chorus.limits.min-attempt-time is " + limits.minAttemptTime().toMillis() + "ms)");
		}
		if (config.grace() == null || config.grace().isNegative()) {
			problems.add(key + ".grace: must not be negative");
		}
		if (config.strategy() == null || config.strategy().isBlank()) {
			problems.add(key + ".strategy: is required; one of " + sorted(strategies));
		}
		else if (!strategies.contains(config.strategy())) {
			problems.add(key + ".strategy: unknown strategy '" + config.strategy() + "'; one of " + sorted(strategies));
		}
		if (!(config.threshold() > 0 && config.threshold() < 1)) {
			problems.add(key + ".threshold: must be between 0 and 1 (exclusive), not " + config.threshold());
		}
		if (config.outputs().isEmpty()) {
			problems.add(key + ".outputs: name at least one member output to aggregate");
		}
		List<ChorusProperties.Member> members = config.members();
		if (members.isEmpty()) {
			problems.add(key + ".members: an ensemble needs at least one member");
		}
		List<MemberSpec> specs = new ArrayList<>();
		List<EnsembleFeatures.ShadowSpec> shadows = new ArrayList<>();
		Set<String> names = new HashSet<>();
		double weightSum = 0;
		for (int i = 0; i < members.size(); i++) {
			MemberSpec spec = validateMember(key + ".members[" + i + "]", i, members.get(i), config, names, problems);
			if (spec != null && members.get(i).shadow()) {
				shadows.add(new EnsembleFeatures.ShadowSpec(spec, members.get(i).sampleRate()));
			}
			else if (spec != null) {
				specs.add(spec);
				weightSum += Math.max(0, spec.weight());
			}
		}
		int live = (int) members.stream().filter((member) -> !member.shadow()).count();
		if (!members.isEmpty() && live == 0) {
			problems.add(key + ".members: every member is a shadow; at least one must answer (shadow: false)");
		}
		if (live > 0 && weightSum <= 0 && problems.size() == before) {
			problems.add(key + ".members: the weights are all zero; at least one must be positive");
		}
		boolean firstSuccess = config.waitPolicy() == WaitPolicy.FIRST_SUCCESS
				|| "first-success".equals(config.strategy());
		int quorum = quorum(key, config.quorum(), firstSuccess, live, problems);
		validateCache(key + ".cache", config.cache(), problems);
		if (problems.size() > before) {
			return null;
		}
		EnsembleSpec plain = new EnsembleSpec(name, config.version(), config.deadline(), quorum, config.waitPolicy(),
				config.grace(), config.strategy(), config.outputs(), config.labelOutput(), config.threshold(),
				config.v1Input(), specs);
		List<EnsembleFeatures.StageSpec> stages = CascadeStages.validate(key + ".stages", config.stages(), plain,
				firstSuccess, problems);
		if (problems.size() > before) {
			return null;
		}
		EnsembleFeatures features = new EnsembleFeatures(shadows, stages, config.coalesce(), config.cache());
		return new EnsembleSpec(name, config.version(), config.deadline(), quorum, config.waitPolicy(), config.grace(),
				config.strategy(), config.outputs(), config.labelOutput(), config.threshold(), config.v1Input(), specs,
				features);
	}

	private static void validateCache(String key, ChorusProperties.Cache cache, List<String> problems) {
		if (cache != null && cache.enabled()) {
			if (cache.maxSize() < 1) {
				problems.add(key + ".max-size: must be at least 1");
			}
			if (cache.ttl() == null || cache.ttl().toMillis() < 1) {
				problems.add(key + ".ttl: must be at least 1ms");
			}
		}
	}

	private static MemberSpec validateMember(String key, int order, ChorusProperties.Member member,
			ChorusProperties.Ensemble ensemble, Set<String> names, List<String> problems) {
		int before = problems.size();
		String name = member.name();
		if (name == null || name.isBlank()) {
			problems.add(key + ".name: is required");
		}
		else if (!NAME.matcher(name).matches()) {
			problems.add(key + ".name: '" + name + "' must be letters, digits, '.', '_' or '-'");
		}
		else if (!names.add(name)) {
			problems.add(key + ".name: duplicate member name '" + name + "'");
		}
		if (member.replicas().isEmpty()) {
			problems.add(key + ".replicas: at least one replica URL is required");
		}
		List<URI> replicas = new ArrayList<>();
		for (int r = 0; r < member.replicas().size(); r++) {
			URI uri = member.replicas().get(r);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				problems.add(key + ".replicas[" + r + "]: '" + uri + "' is not an absolute http(s) URL");
			}
			else if (member.http2() && scheme.equals("https")) {
				// h2c is HTTP/2 without TLS; HTTP/2 over TLS (ALPN) is not offered to members.
				problems.add(key + ".replicas[" + r + "]: '" + uri + "' is https, but http2: true means HTTP/2"
						+ " cleartext (h2c); use an http:// URL or http2: false");
			}
			else {
				replicas.add(URI.create(uri.toString().replaceAll("/+$", "")));
			}
		}
		if (!(member.weight() >= 0) || Double.isInfinite(member.weight())) {
			problems.add(key + ".weight: must be a finite number >= 0, not " + member.weight());
		}
		Duration timeout = member.timeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			problems.add(key + ".timeout: must be positive");
		}
		else if (ensemble.deadline() != null && timeout.compareTo(ensemble.deadline()) > 0) {
			problems.add(key + ".timeout: " + timeout.toMillis() + "ms is longer than the ensemble deadline of "
					+ ensemble.deadline().toMillis() + "ms");
		}
		if (member.maxConcurrentCalls() < 1) {
			problems.add(key + ".max-concurrent-calls: must be at least 1");
		}
		if (!(member.sampleRate() > 0 && member.sampleRate() <= 1)) {
			problems.add(key + ".sample-rate: must be in (0, 1], not " + member.sampleRate());
		}
		else if (!member.shadow() && member.sampleRate() != 1) {
			problems.add(key + ".sample-rate: only a shadow member (shadow: true) is sampled; a live member gets"
					+ " every request");
		}
		validateBreaker(key + ".circuit-breaker", member.circuitBreaker(), problems);
		validateRetry(key + ".retry", member.retry(), problems);
		HedgeSpec hedge = TailSettings.hedge(key + ".hedge", member.hedge(), timeout, problems);
		ChorusProperties.OutlierEjection ejection = TailSettings.outlierEjection(key + ".outlier-ejection",
				member.outlierEjection(), problems);
		if (problems.size() > before) {
			return null;
		}
		String model = (member.model() == null || member.model().isBlank()) ? name : member.model();
		String v1Output = (member.v1Output() == null || member.v1Output().isBlank())
				? (ensemble.outputs().isEmpty() ? "predictions" : ensemble.outputs().get(0)) : member.v1Output();
		return new MemberSpec(name, order, member.protocol(), model, replicas, member.weight(), timeout,
				member.maxConcurrentCalls(), v1Output, member.circuitBreaker(), member.retry(), hedge,
				(member.loadBalancer() != null) ? member.loadBalancer() : LoadBalancer.P2C_EWMA, ejection,
				member.http2());
	}

	private static void validateBreaker(String key, ChorusProperties.CircuitBreaker breaker, List<String> problems) {
		if (!(breaker.failureRateThreshold() > 0 && breaker.failureRateThreshold() <= 100)) {
			problems.add(key + ".failure-rate-threshold: must be in (0, 100]");
		}
		if (breaker.slidingWindowSize() < 1) {
			problems.add(key + ".sliding-window-size: must be at least 1");
		}
		if (breaker.minimumNumberOfCalls() < 1) {
			problems.add(key + ".minimum-number-of-calls: must be at least 1");
		}
		if (breaker.permittedCallsInHalfOpenState() < 1) {
			problems.add(key + ".permitted-calls-in-half-open-state: must be at least 1");
		}
		if (breaker.waitDurationInOpenState() == null || breaker.waitDurationInOpenState().toMillis() < 1) {
			problems.add(key + ".wait-duration-in-open-state: must be at least 1ms");
		}
	}

	private static void validateRetry(String key, ChorusProperties.Retry retry, List<String> problems) {
		if (retry.maxRetries() < 0) {
			problems.add(key + ".max-retries: must not be negative");
		}
		if (retry.backoff() == null || retry.backoff().isNegative() || retry.maxBackoff() == null
				|| retry.maxBackoff().compareTo(retry.backoff()) < 0) {
			problems.add(key + ".backoff: must be >= 0 and <= max-backoff");
		}
		if (!(retry.jitter() >= 0 && retry.jitter() <= 1)) {
			problems.add(key + ".jitter: must be between 0 and 1");
		}
		if (!(retry.budgetRatio() >= 0) || retry.budgetMinRetries() < 0) {
			problems.add(key + ".budget-ratio/budget-min-retries: must not be negative");
		}
		if (retry.budgetWindow() == null || retry.budgetWindow().toMillis() < 10) {
			problems.add(key + ".budget-window: must be at least 10ms");
		}
	}

	/**
	 * The quorum as a count. An ensemble that stops at its first success can only ever gather one answer, so
	 * its quorum defaults to 1 and any other value is refused: accepted, it would fail every request.
	 */
	static int quorum(String key, String quorum, boolean firstSuccess, int members, List<String> problems) {
		if (quorum == null) {
			return firstSuccess ? 1 : members / 2 + 1;
		}
		int result = quorumCount(key, quorum, members, problems);
		if (firstSuccess && result > 1) {
			problems.add(key + ".quorum: " + result + " cannot be met: an ensemble that stops at the first success"
					+ " (wait-policy or strategy first-success) gathers one answer; leave quorum unset or set it to 1");
		}
		return result;
	}

	private static int quorumCount(String key, String quorum, int members, List<String> problems) {
		String value = quorum.trim().toLowerCase(Locale.ROOT);
		int result;
		if (value.equals("majority")) {
			result = members / 2 + 1;
		}
		else if (value.equals("all")) {
			result = members;
		}
		else {
			try {
				result = Integer.parseInt(value);
			}
			catch (NumberFormatException ex) {
				problems.add(key + ".quorum: '" + quorum + "' is not a number, 'majority' or 'all'");
				return 0;
			}
			if (result < 1) {
				problems.add(key + ".quorum: must be at least 1");
			}
			else if (result > members) {
				problems.add(key + ".quorum: " + result + " is larger than the member count (" + members + ")");
			}
		}
		return result;
	}

	private static String sorted(Set<String> strategies) {
		return String.join(", ", new java.util.TreeSet<>(strategies));
	}

}
