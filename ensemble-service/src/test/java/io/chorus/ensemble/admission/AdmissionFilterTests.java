package io.chorus.ensemble.admission;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionFilterTests {

	@Test
	void findsTheEnsembleOfEveryInferencePath() {
		assertThat(AdmissionFilter.ensemble("/v2/models/iris/infer")).isEqualTo("iris");
		assertThat(AdmissionFilter.ensemble("/v2/models/iris/versions/2/infer")).isEqualTo("iris");
		assertThat(AdmissionFilter.ensemble("/v1/models/iris:predict")).isEqualTo("iris");
	}

	@Test
	void ignoresEveryOtherPath() {
		assertThat(AdmissionFilter.ensemble("/v2/models/iris")).isNull();
		assertThat(AdmissionFilter.ensemble("/v2/models//infer")).isNull();
		assertThat(AdmissionFilter.ensemble("/v2/models/iris/ready")).isNull();
		assertThat(AdmissionFilter.ensemble("/v2/models/iris/versions/2/extra/infer")).isNull();
		assertThat(AdmissionFilter.ensemble("/v2/models/a/b/infer")).isNull();
		assertThat(AdmissionFilter.ensemble("/v1/models/:predict")).isNull();
		assertThat(AdmissionFilter.ensemble("/v1/models/a/b:predict")).isNull();
	}

}
