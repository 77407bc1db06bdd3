package io.chorus.helm;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Token buckets that cannot work fail the render with the key to fix; the Redis database is set per release.
 */
class RateLimitTests {

	static final String REDIS = "gateway:\n  redis: {host: redis, database: 3}\n  rateLimit:\n    backend: redis\n";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"redis TTL of 0  | redis | defaults: {replenishRate: 50, burstCapacity: 24, requestedTokens: 1} | gateway.rateLimit.defaults: burstCapacity (24) is below half of replenishRate (50): the Redis limiter would store its keys with a TTL of 0 seconds and never limit; set burstCapacity to at least 25",
			"odd rate        | redis | clients: {batch: {replenishRate: 7, burstCapacity: 3, requestedTokens: 1}} | gateway.rateLimit.clients.batch: burstCapacity (3) is below half of replenishRate (7)",
			"cost over burst | local | clients: {batch: {replenishRate: 10, burstCapacity: 4, requestedTokens: 5}} | gateway.rateLimit.clients.batch: requestedTokens (5) is larger than burstCapacity (4), so every request would get 429",
			"cost over burst, redis | redis | defaults: {replenishRate: 2, burstCapacity: 2, requestedTokens: 3} | gateway.rateLimit.defaults: requestedTokens (3) is larger than burstCapacity (2)" })
	void refusesBucketsThatCannotWork(String what, String backend, String buckets, String message) {
		Path values = HelmChart.writeValues("gateway:\n  redis: {host: redis}\n  rateLimit:\n    backend: " + backend
				+ "\n    " + buckets + "\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values)).as(what)
			.hasMessageContaining(message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"redis, burst exactly half | redis | defaults: {replenishRate: 50, burstCapacity: 25, requestedTokens: 25}",
			"local, burst below half   | local | defaults: {replenishRate: 50, burstCapacity: 10, requestedTokens: 1}" })
	void acceptsBucketsAtTheLimits(String what, String backend, String buckets) {
		Path values = HelmChart.writeValues("gateway:\n  redis: {host: redis}\n  rateLimit:\n    backend: " + backend
				+ "\n    " + buckets + "\n");
		assertThat(HelmChart.template(HelmChart.values("one-key.yaml"), values).ofKind("Deployment")).as(what)
			.isNotEmpty();
	}

	@Test
	void theRedisDatabaseSeparatesReleasesThatShareARedis() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), HelmChart.writeValues(REDIS));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.at(config, "spring.data.redis.database")).isEqualTo(3);
	}

	@Test
	void theRedisKeysArePrefixedPerReleaseSoReleasesSharingARedisNeverShareBuckets() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), HelmChart.writeValues(REDIS));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.at(config, "chorus.gateway.rate-limit.key-prefix").toString()).startsWith("chorus:")
			.endsWith(":" + HelmChart.RELEASE + ":");
	}

	@Test
	void aDottedClientNameIsRenderedInBracketsSoTheGatewayBindsItWhole() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), HelmChart.writeValues(
				"gateway:\n  rateLimit:\n    clients:\n      partner.acme: {replenishRate: 5, burstCapacity: 10}\n"));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.map(config, "chorus.gateway.rate-limit.clients")).containsOnlyKeys("[partner.acme]");
	}

}
