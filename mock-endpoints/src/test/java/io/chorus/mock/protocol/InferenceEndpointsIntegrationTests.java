package io.chorus.mock.protocol;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chorus.mock.BlockHoundExtension;
import io.chorus.mock.MockHttp;
import io.chorus.mock.MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.chorus.mock.MockHttp.get;
import static io.chorus.mock.MockHttp.json;
import static io.chorus.mock.MockHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(BlockHoundExtension.class)
class InferenceEndpointsIntegrationTests {

	private static MockServer mock;

	private static String base;

	@BeforeAll
	static void start() {
		mock = MockServer.startDemo();
		base = mock.baseUrl();
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@Test
	void inferReturnsProbabilitiesAndLabelsEchoingTheRequestId() throws Exception {
		HttpResponse<String> response = post(base + "/v2/models/iris-full/infer",
				MockHttp.row("req-7", 5.1, 3.5, 1.4, 0.2, 5.9, 3.0, 5.1, 1.8));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode body = json(response);
		assertThat(body.get("model_name").stringValue()).isEqualTo("iris-full");
		assertThat(body.get("model_version").stringValue()).isEqualTo("1");
		assertThat(body.get("id").stringValue()).isEqualTo("req-7");
		JsonNode probabilities = body.get("outputs").get(0);
		assertThat(probabilities.get("name").stringValue()).isEqualTo("probabilities");
		assertThat(probabilities.get("datatype").stringValue()).isEqualTo("FP32");
		assertThat(probabilities.get("shape").toString()).isEqualTo("[2,3]");
		assertThat(probabilities.get("data").get(5).doubleValue()).isCloseTo(0.8427877, within(1e-6));
		JsonNode label = body.get("outputs").get(1);
		assertThat(label.get("datatype").stringValue()).isEqualTo("INT64");
		assertThat(label.get("shape").toString()).isEqualTo("[2]");
		assertThat(label.get("data").toString()).isEqualTo("[0,2]");
	}

	@Test
	void versionedInferPathServesVersionOne() throws Exception {
		assertThat(post(base + "/v2/models/iris-petal/versions/1/infer", MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
		HttpResponse<String> missing = post(base + "/v2/models/iris-petal/versions/2/infer", MockHttp.ONE_ROW);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(json(missing).get("error").stringValue()).contains("no version '2'");
	}

	@Test
	void requestedOutputsAreTheOnlyOnesReturned() throws Exception {
		String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
				+ "\"data\":[5.1,3.5,1.4,0.2]}],\"outputs\":[{\"name\":\"label\"}]}";
		JsonNode outputs = json(post(base + "/v2/models/iris-sepal/infer", body)).get("outputs");
		assertThat(outputs.size()).isEqualTo(1);
		assertThat(outputs.get(0).get("name").stringValue()).isEqualTo("label");
	}

	@Test
	void regressionReturnsOnePredictionPerRow() throws Exception {
		JsonNode out = json(post(base + "/v2/models/iris-petal-width/infer", MockHttp.row("x", 5.9, 3.0, 5.1, 1.8)))
			.get("outputs").get(0);
		assertThat(out.get("name").stringValue()).isEqualTo("prediction");
		assertThat(out.get("shape").toString()).isEqualTo("[1,1]");
		assertThat(out.get("data").get(0).doubleValue()).isCloseTo(1.8781323, within(1e-5));
	}

	@Test
	void metadataDescribesInputsAndOutputsWithVariableBatch() throws Exception {
		JsonNode body = json(get(base + "/v2/models/iris-full"));
		assertThat(body.get("name").stringValue()).isEqualTo("iris-full");
		assertThat(body.get("versions").toString()).isEqualTo("[\"1\"]");
		assertThat(body.get("platform").stringValue()).isEqualTo("chorus_mock");
		assertThat(body.get("inputs").toString())
			.isEqualTo("[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]");
		assertThat(body.get("outputs").get(0).get("shape").toString()).isEqualTo("[-1,3]");
		assertThat(json(get(base + "/v2/models/iris-full/versions/1")).get("name").stringValue()).isEqualTo("iris-full");
	}

	@Test
	void healthReadinessAndServerMetadataAnswer() throws Exception {
		assertThat(json(get(base + "/v2/health/live")).get("live").booleanValue()).isTrue();
		assertThat(json(get(base + "/v2/health/ready")).get("ready").booleanValue()).isTrue();
		JsonNode ready = json(get(base + "/v2/models/iris-petal/ready"));
		assertThat(ready.get("name").stringValue()).isEqualTo("iris-petal");
		assertThat(ready.get("ready").booleanValue()).isTrue();
		JsonNode server = json(get(base + "/v2"));
		assertThat(server.get("name").stringValue()).isEqualTo("chorus-mock");
		assertThat(server.get("version").stringValue()).isNotBlank();
		assertThat(server.get("extensions").isArray()).isTrue();
	}

	@Test
	void v1PredictReturnsClassProbabilitiesPerInstance() throws Exception {
		HttpResponse<String> response = post(base + "/v1/models/iris-full:predict",
				"{\"instances\": [[5.1, 3.5, 1.4, 0.2], [5.9, 3.0, 5.1, 1.8]]}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode predictions = json(response).get("predictions");
		assertThat(predictions.size()).isEqualTo(2);
		assertThat(predictions.get(1).size()).isEqualTo(3);
		assertThat(predictions.get(1).get(2).doubleValue()).isCloseTo(0.8427877, within(1e-6));
		JsonNode regression = json(post(base + "/v1/models/iris-petal-width:predict",
				"{\"instances\": [[5.9, 3.0, 5.1, 1.8]]}")).get("predictions");
		assertThat(regression.get(0).doubleValue()).isCloseTo(1.8781323, within(1e-5));
		JsonNode status = json(get(base + "/v1/models/iris-full"));
		assertThat(status.get("name").stringValue()).isEqualTo("iris-full");
		assertThat(status.get("ready").booleanValue()).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"malformed JSON | {\"inputs\": [ | malformed JSON",
			"missing inputs | {\"id\": \"a\"} | 'inputs'",
			"empty body | '' | body is empty",
			"shape x data mismatch | {\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]} | shape [2, 4]",
			"unknown datatype | {\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP33\",\"data\":[1,2,3,4]}]} | unknown datatype 'FP33'",
			"wrong feature count | {\"inputs\":[{\"name\":\"features\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]} | shape [batch, 4]",
			"wrong input name | {\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]} | unknown input 'x'",
			"non-numeric datatype | {\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\",\"c\",\"d\"]}]} | must be numeric",
			"unknown output | {\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"outputs\":[{\"name\":\"logits\"}]} | unknown output 'logits'",
			"rank 1 input | {\"inputs\":[{\"name\":\"features\",\"shape\":[4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]} | shape [batch, 4]",
			"negative dimension | {\"inputs\":[{\"name\":\"features\",\"shape\":[-1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]} | negative dimension",
			"huge shape | {\"inputs\":[{\"name\":\"features\",\"shape\":[9223372036854775807,4],\"datatype\":\"FP32\",\"data\":[1]}]} | too large",
			"array body | [1,2] | JSON object",
			"string data for FP32 | {\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[\"1\",2,3,4]}]} | not all numbers" })
	void badInputIsA400NamingTheProblem(String label, String body, String expected) throws Exception {
		HttpResponse<String> response = post(base + "/v2/models/iris-full/infer", body);
		assertThat(response.statusCode()).as(label).isEqualTo(400);
		assertThat(json(response).get("error").stringValue()).as(label).contains(expected);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "no instances | {\"rows\": []} | missing 'instances'",
			"wrong width | {\"instances\": [[1, 2]]} | shape [batch, 4]",
			"ragged rows | {\"instances\": [[1, 2, 3, 4], [1]]} | differ in length",
			"strings | {\"instances\": [[\"a\", 2, 3, 4]]} | only numbers" })
	void badV1InputIsA400(String label, String body, String expected) throws Exception {
		HttpResponse<String> response = post(base + "/v1/models/iris-full:predict", body);
		assertThat(response.statusCode()).as(label).isEqualTo(400);
		assertThat(json(response).get("error").stringValue()).as(label).contains(expected);
	}

	@Test
	void unknownModelIs404Json() throws Exception {
		for (HttpResponse<String> response : new HttpResponse[] { post(base + "/v2/models/nope/infer", MockHttp.ONE_ROW),
				get(base + "/v2/models/nope"), get(base + "/v2/models/nope/ready"), get(base + "/v1/models/nope"),
				post(base + "/v1/models/nope:predict", "{\"instances\": [[1,2,3,4]]}") }) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(json(response).get("error").stringValue()).isEqualTo("model 'nope' not found");
		}
	}

	@Test
	void unknownPathIs404AndWrongMethodIs405() throws Exception {
		HttpResponse<String> unknown = get(base + "/v3/anything");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("error").stringValue()).contains("/v3/anything");
		assertThat(get(base + "/v2/models/iris-full/explain").statusCode()).isEqualTo(404);
		HttpResponse<String> wrongMethod = get(base + "/v2/models/iris-full/infer");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
		assertThat(json(wrongMethod).get("error").stringValue()).contains("GET");
		HttpResponse<String> deleteMetadata = MockHttp.send("DELETE", base + "/v2/models/iris-full", null,
				java.time.Duration.ofSeconds(5));
		assertThat(deleteMetadata.statusCode()).isEqualTo(405);
		assertThat(post(base + "/v2/health/live", "{}").statusCode()).isEqualTo(405);
	}

	@Test
	void oversizedBodyIs413() throws Exception {
		// Only the head is sent: the mock answers a declared length over its limit at once and closes, so a client
		// still writing 9 MiB could meet a reset before it reads the answer (it did, once in a while, under load).
		URI uri = URI.create(base);
		try (Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("POST /v2/models/iris-full/infer HTTP/1.1\r\nHost: " + uri.getAuthority()
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + (9 * 1024 * 1024) + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int b = in.read();
				assertThat(b).as("the answer's head, before the connection ended").isNotNegative();
				head.append((char) b);
			}
			assertThat(head.toString()).startsWith("HTTP/1.1 413");
			Matcher length = Pattern.compile("(?i)content-length: *(\\d+)")
				.matcher(head);
			assertThat(length.find()).isTrue();
			String body = new String(in.readNBytes(Integer.parseInt(length.group(1))),
					StandardCharsets.UTF_8);
			assertThat(body).contains("larger than");
		}
	}

	@Test
	void requestIdsAndTraceparentsAreRecordedAndEchoed() throws Exception {
		mock.resetStats();
		HttpResponse<String> response = post(base + "/v2/models/iris-petal-width-petal/infer", MockHttp.ONE_ROW,
				"X-Request-Id", "abc-1", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(response.headers().firstValue("x-request-id")).hasValue("abc-1");
		post(base + "/v2/models/iris-petal-width-petal/infer", MockHttp.ONE_ROW, "X-Request-Id", "abc-2");
		assertThat(mock.stats("iris-petal-width-petal").recentRequestIds()).containsExactly("abc-1", "abc-2");
		assertThat(mock.recentTraceparents("iris-petal-width-petal"))
			.containsExactly("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
	}

}
