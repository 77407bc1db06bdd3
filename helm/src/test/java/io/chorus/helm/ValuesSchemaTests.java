package io.chorus.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * values.schema.json rejects misspelt keys and wrong types, in {@code helm lint} and {@code helm template};
 * values.yaml documents every value with a comment that starts with its name.
 */
class ValuesSchemaTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"misspelt top-level key  | ensemble:\\n  iris: {}                                      | additional properties 'ensemble' not allowed",
			"misspelt nested key     | gateway:\\n  replicaCout: 3                                 | additional properties 'replicaCout' not allowed",
			"misspelt ensemble key   | ensembles:\\n  e:\\n    strategy: mean\\n    outputs: [o]\\n    waitPolcy: all\\n    members: [{name: a, replicas: ['http://a']}] | additional properties 'waitPolcy' not allowed",
			"kebab-case member key   | ensembles:\\n  e:\\n    strategy: mean\\n    outputs: [o]\\n    members: [{name: a, replicas: ['http://a'], max-concurrent-calls: 5}] | additional properties 'max-concurrent-calls' not allowed",
			"misspelt mock behaviour | mocks:\\n  models: [{name: m, behavior: {errrorRate: 0.1}}] | additional properties 'errrorRate' not allowed",
			"string for an integer   | gateway:\\n  replicaCount: two                              | /gateway/replicaCount",
			"string for a boolean    | mocks:\\n  enabled: 'yes'                                    | /mocks/enabled",
			"number for a duration   | ensembles:\\n  e:\\n    strategy: mean\\n    outputs: [o]\\n    deadline: 1.5\\n    members: [{name: a, replicas: ['http://a']}] | /ensembles/e/deadline",
			"bad duration unit       | gateway:\\n  responseTimeout: 30 seconds                    | /gateway/responseTimeout",
			"unknown rate backend    | gateway:\\n  rateLimit:\\n    backend: memcached             | /gateway/rateLimit/backend",
			"root container          | securityContext:\\n  readOnlyRootFilesystem: false             | /securityContext/readOnlyRootFilesystem",
			"key given twice         | apiKeys:\\n  keys: [{client: a, key: abcdefghijklmnopqrstuvwx, sha256: " +
					"6b1e0f3a9d2c4b7e8a5f1d0c3b6e9a2d5f8c1b4e7a0d3f6c9b2e5a8d1f4c7b0e}] | /apiKeys/keys/0",
			"short hash              | apiKeys:\\n  keys: [{client: a, sha256: abc123}]             | /apiKeys/keys/0" })
	void rejectsBadValuesInLintAndTemplate(String what, String yaml, String expected) {
		var values = HelmChart.writeValues(yaml.replace("\\n", "\n"));
		LintResult lint = HelmChart.lint(values);
		assertThat(lint.isFailed()).as(what).isTrue();
		assertThat(String.join("\n", lint.getMessages())).as(what).contains(expected);
		assertThatThrownBy(() -> HelmChart.template(values)).as(what).hasMessageContaining(expected);
	}

	@Test
	void acceptsTheSameShapesSpelledRight() {
		var values = HelmChart.writeValues("""
				apiKeys:
				  keys: [{client: a, sha256: 3f2a9c4e1b7d5a8f0c6e2b9d4a7f1c3e5b8d0a2f4c6e8b1d3f5a7c9e0b2d4f6a}]
				gateway:
				  replicaCount: 3
				  responseTimeout: 30s
				ensembles:
				  e:
				    strategy: mean
				    outputs: [o]
				    deadline: 1500ms
				    waitPolicy: all
				    members: [{name: a, replicas: ['http://a'], maxConcurrentCalls: 5}]
				mocks:
				  enabled: true
				  models: [{name: m, function: iris-full, behavior: {errorRate: 0.1}}]
				""");
		LintResult lint = HelmChart.lint(values);
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@Test
	void everyValueIsDocumentedByACommentStartingWithItsName() throws IOException {
		List<String> lines = Files.readAllLines(HelmChart.CHART.resolve("values.yaml"));
		List<String> undocumented = new ArrayList<>();
		int dataIndent = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			String stripped = line.strip();
			int indent = line.length() - line.stripLeading().length();
			if (stripped.isEmpty() || stripped.startsWith("#")) {
				continue;
			}
			if (dataIndent >= 0 && indent > dataIndent) {
				continue;
			}
			dataIndent = -1;
			if (stripped.startsWith("- ")) {
				// A list item and what it holds are data, not values of their own.
				dataIndent = indent;
				continue;
			}
			if (!stripped.contains(":")) {
				continue;
			}
			String key = stripped.substring(0, stripped.indexOf(':'));
			String previous = (i > 0) ? lines.get(i - 1).strip() : "";
			int j = i - 1;
			while (j > 0 && lines.get(j).strip().startsWith("#") && lines.get(j - 1).strip().startsWith("#")) {
				j--;
			}
			String firstComment = lines.get(j).strip();
			if (!previous.startsWith("#") || !firstComment.startsWith("# " + key + " ")) {
				undocumented.add((i + 1) + ": " + key);
			}
			// The default request body is data, not values of its own.
			if (key.equals("request")) {
				dataIndent = indent;
			}
		}
		assertThat(undocumented).isEmpty();
	}

}
