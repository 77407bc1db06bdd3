package io.chorus.bench.mvc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Sends the request to every member on the task executor, waits for all of them and answers the mean.
 */
@RestController
class FanOutController {

	private final MvcPeerApplication.Peer peer;

	private final AsyncTaskExecutor executor;

	private final RestClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	FanOutController(MvcPeerApplication.Peer peer, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
		this.peer = peer;
		this.executor = executor;
		var connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(50_000)
			.setMaxConnPerRoute(50_000)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(peer.timeoutMs(), TimeUnit.MILLISECONDS)
				.setSocketTimeout((int) peer.timeoutMs(), TimeUnit.MILLISECONDS)
				.build())
			.build();
		var http = HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(
					RequestConfig.custom().setResponseTimeout(peer.timeoutMs(), TimeUnit.MILLISECONDS).build())
			.build();
		this.client = RestClient.builder().requestFactory(new HttpComponentsClientHttpRequestFactory(http)).build();
	}

	@PostMapping(path = "/v2/models/{name}/infer", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> infer(@PathVariable String name, @RequestBody byte[] body) {
		List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
		for (String url : this.peer.members()) {
			calls.add(CompletableFuture.supplyAsync(() -> call(url, body), this.executor));
		}
		List<JsonNode> answers = new ArrayList<>();
		for (CompletableFuture<JsonNode> call : calls) {
			try {
				answers.add(call.join());
			}
			catch (RuntimeException failed) {
				// a failed or timed-out member is left out of the mean
			}
		}
		if (answers.isEmpty()) {
			return ResponseEntity.status(503).body("{\"error\":\"no member answered\"}");
		}
		return ResponseEntity.ok(this.json.writeValueAsString(mean(name, this.json.readTree(body), answers)));
	}

	private JsonNode call(String url, byte[] body) {
		byte[] answer = this.client.post()
			.uri(url)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(byte[].class);
		for (JsonNode output : this.json.readTree(answer).path("outputs")) {
			if (this.peer.output().equals(output.path("name").asString())) {
				return output;
			}
		}
		throw new IllegalStateException("no output " + this.peer.output());
	}

	private ObjectNode mean(String name, JsonNode request, List<JsonNode> answers) {
		JsonNode first = answers.get(0);
		int size = first.path("data").size();
		ArrayNode data = this.json.createArrayNode();
		for (int i = 0; i < size; i++) {
			double sum = 0;
			for (JsonNode answer : answers) {
				sum += answer.path("data").get(i).asDouble();
			}
			data.add((float) (sum / answers.size()));
		}
		ObjectNode response = this.json.createObjectNode();
		response.put("model_name", name);
		response.put("model_version", "1");
		if (request.has("id")) {
			response.set("id", request.get("id"));
		}
		ObjectNode parameters = response.putObject("parameters");
		parameters.put("chorus.answered", answers.size());
		parameters.put("chorus.failed", this.peer.members().size() - answers.size());
		parameters.put("chorus.degraded", answers.size() < this.peer.members().size());
		ObjectNode output = response.putArray("outputs").addObject();
		output.put("name", this.peer.output());
		output.put("datatype", "FP32");
		output.set("shape", first.get("shape"));
		output.set("data", data);
		return response;
	}

}
