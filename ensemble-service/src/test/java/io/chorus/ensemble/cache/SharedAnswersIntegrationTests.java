package io.chorus.ensemble.cache;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single-flight and the response cache over real HTTP. Each test sends its own Iris row, so answers cached by
 * one test never answer another's.
 */
class SharedAnswersIntegrationTests extends EnsembleServiceIntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Test
	void identicalConcurrentRequestsShareOneFanOutAndKeepTheirOwnIds() {
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 1500}}");
		double coalescedBefore = count("coalesced", "coalesced");
		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = "c" + i;
			calls.add(CompletableFuture.supplyAsync(() -> post("/v2/models/coalesced/infer",
					irisRequest(id, new double[] { 5.0, 3.0, 1.6, 0.2 }), "X-Request-Id", "rid-" + id)));
		}
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = calls.get(i).join();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get("id").asString()).isEqualTo("c" + i);
			assertThat(response.headers().firstValue("X-Request-Id")).hasValue("rid-c" + i);
		}
		assertThat(FAULTY.stats("iris-sepal").received()).isEqualTo(1);
		assertThat(count("coalesced", "coalesced") - coalescedBefore).isEqualTo(4);
	}

	@Test
	void requestsWithDifferentDeadlinesDoNotShareAFanOut() {
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 500}}");
		String body = irisRequest("d", new double[] { 5.0, 3.1, 1.6, 0.2 });
		CompletableFuture<HttpResponse<String>> longer = CompletableFuture
			.supplyAsync(() -> post("/v2/models/coalesced/infer", body));
		CompletableFuture<HttpResponse<String>> shorter = CompletableFuture
			.supplyAsync(() -> post("/v2/models/coalesced/infer", body, "X-Chorus-Deadline-Ms", "4000"));
		assertThat(longer.join().statusCode()).isEqualTo(200);
		assertThat(shorter.join().statusCode()).isEqualTo(200);
		assertThat(FAULTY.stats("iris-sepal").received()).isEqualTo(2);
	}

	@Test
	void aCallerThatGoesAwayDoesNotCancelTheFanOutForTheOthers() throws Exception {
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 1500}}");
		String body = irisRequest("g", new double[] { 5.0, 3.2, 1.6, 0.2 });
		CompletableFuture<HttpResponse<String>> stays;
		try (Socket leaves = new Socket("127.0.0.1", this.port)) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			OutputStream out = leaves.getOutputStream();
			out.write(("POST /v2/models/coalesced/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(bytes);
			out.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> FAULTY.stats("iris-sepal").received() == 1);
			stays = CompletableFuture.supplyAsync(() -> post("/v2/models/coalesced/infer", body));
			await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
				.until(() -> count("coalesced", "coalesced") > 0);
		}
		HttpResponse<String> response = stays.join();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("parameters").get("chorus.answered").asInt()).isEqualTo(2);
		assertThat(FAULTY.stats("iris-sepal").received()).isEqualTo(1);
		assertThat(FAULTY.stats("iris-sepal").cancelled()).isZero();
	}

	@Test
	void answersAnIdenticalRequestFromTheCacheByteForByteApartFromTheId() {
		double hitsBefore = count("cached", "hit");
		HttpResponse<String> fresh = post("/v2/models/cached/infer", irisRequest("first", new double[] { 6.1, 2.8, 4.0, 1.3 }));
		HttpResponse<String> cached = post("/v2/models/cached/infer", irisRequest("second", new double[] { 6.1, 2.8, 4.0, 1.3 }));
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(cached.statusCode()).isEqualTo(200);
		assertThat(cached.body()).isEqualTo(fresh.body().replace("\"id\":\"first\"", "\"id\":\"second\""));
		assertThat(FAULTY.stats("iris-full").received()).isEqualTo(1);
		assertThat(count("cached", "hit") - hitsBefore).isEqualTo(1);

		HttpResponse<String> bypass = post("/v2/models/cached/infer", irisRequest("third", new double[] { 6.1, 2.8, 4.0, 1.3 }),
				"Cache-Control", "no-cache");
		assertThat(bypass.statusCode()).isEqualTo(200);
		assertThat(FAULTY.stats("iris-full").received()).isEqualTo(2);
	}

	@Test
	void neverCachesADegradedAnswer() {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0}");
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = post("/v2/models/cached/infer", irisRequest("x" + i, new double[] { 6.2, 2.2, 4.5, 1.5 }));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get("parameters").get("chorus.degraded").asBoolean()).isTrue();
		}
		assertThat(FAULTY.stats("iris-full").received()).isEqualTo(2);
	}

	private double count(String ensemble, String result) {
		var counter = this.meters.find("chorus.cache.requests").tags("ensemble", ensemble, "result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
