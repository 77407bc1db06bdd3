package io.chorus.gateway.auth;

import java.util.Optional;

import org.springframework.http.server.PathContainer;

/**
 * Finds the ensemble a request addresses: {@code {m}} in {@code /v2/models/{m}/...} and
 * {@code /v1/models/{m}:predict}, or the route id in {@code /direct/{id}/...}.
 */
public final class EnsembleTarget {

	private EnsembleTarget() {
	}

	/**
	 * Returns the ensemble (or direct route id) a path addresses.
	 * @param path the path within the application
	 * @return the name, or empty for any other path
	 */
	public static Optional<String> of(PathContainer path) {
		// Runs for every request (authentication and the access log): the first three segments, no list or stream.
		String first = null;
		String second = null;
		String third = null;
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment) {
				String value = segment.valueToMatch();
				if (first == null) {
					first = value;
				}
				else if (second == null) {
					second = value;
				}
				else {
					third = value;
					break;
				}
			}
		}
		if (third != null && "models".equals(second)) {
			if ("v2".equals(first)) {
				return nonEmpty(third);
			}
			if ("v1".equals(first)) {
				int colon = third.lastIndexOf(':');
				return nonEmpty((colon >= 0) ? third.substring(0, colon) : third);
			}
		}
		if (second != null && "direct".equals(first)) {
			return nonEmpty(second);
		}
		return Optional.empty();
	}

	private static Optional<String> nonEmpty(String name) {
		return name.isEmpty() ? Optional.empty() : Optional.of(name);
	}

}
