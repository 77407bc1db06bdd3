package io.chorus.system.docs;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocPagesTests {

	@Test
	void aRunMarkerTakesTheBlockItsCommandsAndTheJsonAfterIt() {
		DocPages page = DocPages.of("docs/x.md", List.of("<!-- doc-test: run status=403 -->", "```bash",
				"curl -s localhost:8080/a \\", "  -H 'A: b'   # the key", "", "# a comment", "curl localhost:8080/b",
				"```", "", "```json", "{\"error\": \"…\"}", "```"));
		assertThat(page.problems()).isEmpty();
		DocExample example = page.examples().get(0);
		assertThat(example.where()).isEqualTo("docs/x.md:2");
		assertThat(example.status()).isEqualTo(403);
		assertThat(example.commands()).containsExactly(
				new DocExample.Command("docs/x.md:3", "curl -s localhost:8080/a    -H 'A: b'   # the key"),
				new DocExample.Command("docs/x.md:7", "curl localhost:8080/b"));
		assertThat(example.expectedJson()).isEqualTo("{\"error\": \"…\"}");
	}

	@Test
	void aPageWithoutMarkersIsNotChecked() {
		DocPages page = DocPages.of("docs/helm.md", List.of("```bash", "helm install x", "```"));
		assertThat(page.examples()).isEmpty();
		assertThat(page.problems()).isEmpty();
	}

	@Test
	void onAMarkedPageAnUnmarkedShellBlockOrAStrayMarkerIsNamedByFileAndLine() {
		DocPages page = DocPages.of("docs/y.md", List.of("<!-- doc-test: skip (needs a cluster) -->", "```sh",
				"helm install x", "```", "", "```bash", "./mvnw verify", "```", "<!-- doc-test: run -->", "text",
				"<!-- doc-test: sometimes -->", "```bash", "curl localhost:8080/", "```"));
		assertThat(page.examples()).hasSize(1);
		assertThat(page.examples().get(0).reason()).isEqualTo("needs a cluster");
		assertThat(page.problems()).containsExactly(
				"docs/y.md:6: shell block without a doc-test marker; put <!-- doc-test: run --> or "
						+ "<!-- doc-test: skip (reason) --> on the line before it",
				"docs/y.md:9: doc-test marker not followed by a shell block",
				"docs/y.md:11: unknown doc-test marker 'sometimes' (use 'run', 'run status=NNN' or 'skip (reason)')");
	}

}
