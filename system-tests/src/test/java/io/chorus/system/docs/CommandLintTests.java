package io.chorus.system.docs;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLintTests {

	private final CommandLint lint = new CommandLint(
			Path.of(System.getProperty("chorus.root", "..")).toAbsolutePath().normalize());

	@Test
	void findsCommandsTiedToOneMachineOrOneBuildState() {
		assertThat(this.lint.problems("cd /work/main")).hasSize(2);
		assertThat(this.lint.problems("JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw verify")).hasSize(1);
		assertThat(this.lint.problems("./mvnw -q -B -o -pl mock-endpoints package -DskipTests")).hasSize(2);
		assertThat(this.lint.problems("wrk -s mock-endpoints/bench/missing.lua http://127.0.0.1:9101/")).hasSize(1);
	}

	@Test
	void acceptsCommandsThatWorkOnAFreshClone() {
		assertThat(this.lint.problems("./mvnw -q -B -pl mock-endpoints -am package -DskipTests")).isEmpty();
		assertThat(this.lint.problems("./mvnw -pl gateway spring-boot:run")).isEmpty();
		assertThat(this.lint.problems("java -jar mock-endpoints/target/mock-endpoints-0.1.0-SNAPSHOT-exec.jar")).isEmpty();
		assertThat(this.lint.problems("wrk -s mock-endpoints/bench/infer-one-row.lua http://127.0.0.1:9101/")).isEmpty();
	}

}
