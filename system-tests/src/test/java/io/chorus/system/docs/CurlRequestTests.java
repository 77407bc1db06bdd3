package io.chorus.system.docs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CurlRequestTests {

	@Test
	void readsMethodPortPathHeadersAndBodyAsCurlWould() {
		CurlRequest curl = CurlRequest.parse(ShellWords.split("curl -s http://127.0.0.1:8080/v2/models/iris/infer "
				+ "-H 'Authorization: Bearer k' -H 'Content-Type: application/json' -d '{\"inputs\": []}'"));
		assertThat(curl).isEqualTo(new CurlRequest("POST", 8080, "/v2/models/iris/infer",
				List.of(Map.entry("Authorization", "Bearer k"), Map.entry("Content-Type", "application/json")),
				"{\"inputs\": []}"));
	}

	@Test
	void aBodyWithoutContentTypeIsAFormAsInCurlAndTheMethodMayBeAttached() {
		CurlRequest curl = CurlRequest.parse(ShellWords.split("curl -s -XPUT localhost:10101/admin/x -d '{}'"));
		assertThat(curl.method()).isEqualTo("PUT");
		assertThat(curl.port()).isEqualTo(10101);
		assertThat(curl.headers()).containsExactly(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
		assertThat(CurlRequest.parse(ShellWords.split("curl 127.0.0.1:9081/actuator/info")).method()).isEqualTo("GET");
	}

	@Test
	void refusesWhatItCannotRunFaithfully() {
		assertThatIllegalArgumentException().isThrownBy(() -> CurlRequest.parse(ShellWords.split("curl -i localhost:1/")))
			.withMessageContaining("-i");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CurlRequest.parse(ShellWords.split("curl http://example.com:80/")))
			.withMessageContaining("not on this machine");
	}

	@Test
	void shellWordsFollowQuotesAndCommentsAndSeeVariables() {
		assertThat(ShellWords.split("curl -d \"a \\\"b\\\"\" 'c d' e\\ f  # heal it")).containsExactly("curl", "-d",
				"a \"b\"", "c d", "e f");
		assertThat(ShellWords.hasVariable("curl -H \"X-API-Key: $KEY\" x")).isTrue();
		assertThat(ShellWords.hasVariable("curl -d '{\"$x\": 1}' x")).isFalse();
	}

}
