package io.chorus.gateway.auth;

import java.util.List;
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
		List<String> segments = path.elements()
			.stream()
			.filter(PathContainer.PathSegment.class::isInstance)
			.map((element) -> ((PathContainer.PathSegment) element).valueToMatch())
			.toList();
		if (segments.size() >= 3 && "models".equals(segments.get(1))) {
			if ("v2".equals(segments.get(0))) {
				return nonEmpty(segments.get(2));
			}
			if ("v1".equals(segments.get(0))) {
				String model = segments.get(2);
				int colon = model.lastIndexOf(':');
				return nonEmpty((colon >= 0) ? model.substring(0, colon) : model);
			}
		}
		if (segments.size() >= 2 && "direct".equals(segments.get(0))) {
			return nonEmpty(segments.get(1));
		}
		return Optional.empty();
	}

	private static Optional<String> nonEmpty(String name) {
		return name.isEmpty() ? Optional.empty() : Optional.of(name);
	}

}
