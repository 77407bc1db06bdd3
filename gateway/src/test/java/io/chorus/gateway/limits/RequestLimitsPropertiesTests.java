package io.chorus.gateway.limits;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsPropertiesTests {

	@Test
	void defaultsAgreeWithEnsembleService() {
		RequestLimitsProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("chorus.gateway.limits", RequestLimitsProperties.class);
		// ensemble-service: chorus.limits.max-request-size 4MB, and JSON (or a +json type) only.
		assertThat(defaults.maxBodySize()).isEqualTo(DataSize.ofMegabytes(4));
		assertThat(defaults.maxBodySize().toBytes()).isEqualTo(4_194_304L);
		assertThat(defaults.allowedContentTypes()).containsExactly("application/json", "application/*+json");
	}

}
