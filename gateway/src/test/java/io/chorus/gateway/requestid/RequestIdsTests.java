package io.chorus.gateway.requestid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTests {

	@Test
	void keepsASafeClientId() {
		assertThat(RequestIds.acceptOrGenerate("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
	}

	@Test
	void keepsAnIdOfTheLongestLengthAndEveryAllowedCharacter() {
		String longest = "a".repeat(128);
		assertThat(RequestIds.acceptOrGenerate(longest)).isEqualTo(longest);
		String all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
		assertThat(RequestIds.acceptOrGenerate(all)).isEqualTo(all);
	}

	@Test
	void replacesIdsWithCharactersOutsideTheAllowedSet() {
		for (String unsafe : new String[] { "caf\u00e9", "a b", "a/b", "a;b", "a\tb", "\u0661\u0662" }) {
			assertThat(RequestIds.acceptOrGenerate(unsafe)).as(unsafe).hasSize(36).isNotEqualTo(unsafe);
		}
	}

	@Test
	void replacesMissingLongOrUnsafeIds() {
		assertThat(RequestIds.acceptOrGenerate(null)).hasSize(36);
		assertThat(RequestIds.acceptOrGenerate("a".repeat(129))).hasSize(36);
		assertThat(RequestIds.acceptOrGenerate("x\r\nInjected: 1")).hasSize(36);
		assertThat(RequestIds.acceptOrGenerate("")).hasSize(36);
		java.util.UUID generated = java.util.UUID.fromString(RequestIds.acceptOrGenerate(null));
		assertThat(generated.version()).isEqualTo(4);
		assertThat(generated.variant()).isEqualTo(2);
	}

}
