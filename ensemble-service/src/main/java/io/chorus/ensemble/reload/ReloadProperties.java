package io.chorus.ensemble.reload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hot reload of ensembles, bound from {@code chorus.reload.*}.
 *
 * @param watch configuration files, or directories of {@code .yml}, {@code .yaml} and {@code .properties} files
 * (a mounted ConfigMap), whose {@code chorus.ensembles} are reloaded when they change or when the reload
 * endpoint is called; empty: no hot reload
 * @param pollInterval how often the watched files are checked for a change; 0 checks only when the endpoint is
 * called
 */
@ConfigurationProperties("chorus.reload")
public record ReloadProperties(List<Path> watch, @DefaultValue("5s") Duration pollInterval) {

	/** Copies the list. */
	public ReloadProperties {
		watch = (watch == null) ? List.of() : List.copyOf(watch);
	}

}
