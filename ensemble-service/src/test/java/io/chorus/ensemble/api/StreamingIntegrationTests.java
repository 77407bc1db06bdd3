package io.chorus.ensemble.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Accept: text/event-stream} on the infer endpoint, read by a real streaming client (the JDK's
 * HttpClient, one line at a time as the bytes arrive).
 */
class StreamingIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void sendsEachMemberOutcomeBeforeTheSlowestMemberFinishes() throws Exception {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 800}}");
		HttpResponse<Stream<String>> response = open("trio", "X-Request-Id", "stream-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("stream-1");
		List<Event> events = new ArrayList<>();
		try (Stream<String> lines = response.body()) {
			Iterator<String> it = lines.iterator();
			Event first = next(it);
			// The slow member is still working when the first event is already here.
			assertThat(FAULTY.stats("iris-full").completed()).isZero();
			events.add(first);
			for (Event event = next(it); event != null; event = next(it)) {
				events.add(event);
			}
		}
		assertThat(events).extracting(Event::name).containsExactly("member", "member", "member", "result");
		assertThat(events.subList(0, 2)).extracting((e) -> e.json().get("member").asString())
			.containsExactlyInAnyOrder("sepal", "petal");
		assertThat(events.get(2).json().get("member").asString()).isEqualTo("full");
		assertThat(events.get(2).json().get("outcome").asString()).isEqualTo("ok");
		assertThat(events.get(2).arrivedNanos() - events.get(0).arrivedNanos()).isGreaterThan(Duration.ofMillis(400).toNanos());
		JsonNode result = events.get(3).json();
		assertThat(result.get("model_name").asString()).isEqualTo("trio");
		assertThat(result.get("id").asString()).isEqualTo("s");
		assertThat(result.get("parameters").get("chorus.answered").asInt()).isEqualTo(3);
	}

	@Test
	void endsWithAnErrorEventWhenTheQuorumIsLost() throws Exception {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0}");
		List<Event> events = readAll(open("strict"));
		assertThat(events).extracting(Event::name).endsWith("error");
		JsonNode error = events.get(events.size() - 1).json();
		assertThat(error.get("status").asInt()).isEqualTo(503);
		// Once the failing member makes a quorum of all impossible, the others are cancelled: they may have no event.
		assertThat(events).filteredOn((e) -> e.name().equals("member"))
			.anySatisfy((e) -> {
				assertThat(e.json().get("member").asString()).isEqualTo("full");
				assertThat(e.json().get("outcome").asString()).isEqualTo("error");
			});
	}

	@Test
	void theClientsDeadlineAppliesToTheStream() throws Exception {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 2000}}");
		List<Event> events = readAll(open("strict", "X-Chorus-Deadline-Ms", "300"));
		JsonNode error = events.get(events.size() - 1).json();
		assertThat(events.get(events.size() - 1).name()).isEqualTo("error");
		assertThat(error.get("status").asInt()).isEqualTo(504);
	}

	@Test
	void includesMemberOutputsWhenDetailIsAsked() throws Exception {
		List<Event> events = readAll(open("vote", "X-Chorus-Detail", "true"));
		Event member = events.get(0);
		assertThat(member.name()).isEqualTo("member");
		assertThat(member.json().get("outputs").get(0).get("name").asString()).isEqualTo("probabilities");
		assertThat(events.get(events.size() - 1).json().get("parameters").has("chorus.member.sepal.outcome")).isTrue();
	}

	@Test
	void aClientThatGoesAwayCancelsTheMemberCalls() throws Exception {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 5000}}");
		HttpResponse<Stream<String>> response = open("trio");
		try (Stream<String> lines = response.body()) {
			next(lines.iterator());
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(FAULTY.stats("iris-full").cancelled()).isEqualTo(1));
	}

	private HttpResponse<Stream<String>> open(String ensemble, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v2/models/" + ensemble + "/infer"))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(irisRequest("s", SETOSA)));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofLines());
	}

	private static List<Event> readAll(HttpResponse<Stream<String>> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		List<Event> events = new ArrayList<>();
		try (Stream<String> lines = response.body()) {
			Iterator<String> it = lines.iterator();
			for (Event event = next(it); event != null; event = next(it)) {
				events.add(event);
			}
		}
		return events;
	}

	/** Reads one event (its {@code event:} and {@code data:} lines up to the blank line), or null at the end. */
	private static Event next(Iterator<String> lines) {
		String name = null;
		StringBuilder data = new StringBuilder();
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.isEmpty()) {
				if (name != null || data.length() > 0) {
					return new Event(name, JSON.readTree(data.toString()), System.nanoTime());
				}
				continue;
			}
			if (line.startsWith("event:")) {
				name = line.substring(6).trim();
			}
			else if (line.startsWith("data:")) {
				data.append(line.substring(5));
			}
		}
		return null;
	}

	record Event(String name, JsonNode json, long arrivedNanos) {
	}

}
