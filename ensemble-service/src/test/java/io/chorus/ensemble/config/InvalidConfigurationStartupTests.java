package io.chorus.ensemble.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.chorus.ensemble.EnsembleServiceApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvalidConfigurationStartupTests {

	@Test
	void refusesToStartWithAQuorumLargerThanTheMembersAndNamesTheKey() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(EnsembleServiceApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=none", "chorus.ensembles.bad.strategy=mean",
					"chorus.ensembles.bad.outputs[0]=out", "chorus.ensembles.bad.quorum=3",
					"chorus.ensembles.bad.members[0].name=a", "chorus.ensembles.bad.members[0].replicas[0]=http://127.0.0.1:1",
					"chorus.ensembles.bad.members[1].name=b", "chorus.ensembles.bad.members[1].replicas[0]=http://127.0.0.1:2");
		assertThatThrownBy(app::run).rootCause()
			.isInstanceOf(InvalidEnsembleConfigException.class)
			.hasMessageContaining("chorus.ensembles.bad.quorum: 3 is larger than the member count (2)");
	}

	@Test
	void refusesToStartWithAMalformedUrlAndNamesTheKey() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(EnsembleServiceApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=none", "chorus.ensembles.bad.strategy=mean",
					"chorus.ensembles.bad.outputs[0]=out", "chorus.ensembles.bad.members[0].name=a",
					"chorus.ensembles.bad.members[0].replicas[0]=http://exa mple:80");
		assertThatThrownBy(app::run).hasStackTraceContaining("chorus.ensembles.bad.members[0].replicas[0]");
	}

	@Test
	void refusesAnEnsembleNameSplitAtADotAndShowsTheBracketForm() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(EnsembleServiceApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=none", "chorus.ensembles.fraud.v2.strategy=mean",
					"chorus.ensembles.fraud.v2.outputs[0]=out", "chorus.ensembles.fraud.v2.members[0].name=a",
					"chorus.ensembles.fraud.v2.members[0].replicas[0]=http://127.0.0.1:1");
		assertThatThrownBy(app::run).rootCause()
			.isInstanceOf(InvalidEnsembleConfigException.class)
			.hasMessageContaining("chorus.ensembles.fraud.v2: 'v2' is not an ensemble property")
			.hasMessageContaining("chorus.ensembles[fraud.v2]");
	}

	@Test
	void bindsADottedEnsembleNameWrittenInBrackets() {
		SpringApplicationBuilder app = new SpringApplicationBuilder(EnsembleServiceApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.name=none", "chorus.warmup.enabled=false",
					"chorus.ensembles[fraud.v2].strategy=mean", "chorus.ensembles[fraud.v2].outputs[0]=out",
					"chorus.ensembles[fraud.v2].members[0].name=a",
					"chorus.ensembles[fraud.v2].members[0].replicas[0]=http://127.0.0.1:1");
		try (var context = app.run()) {
			assertThat(context.getBean(EnsembleCatalog.class).find("fraud.v2")).isPresent();
		}
	}

}
