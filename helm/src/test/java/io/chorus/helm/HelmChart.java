package io.chorus.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under test, driven through the embedded helm: {@code helm template} and {@code helm lint --strict}.
 */
final class HelmChart {

	/** The module directory; Surefire runs tests there. */
	static final Path MODULE = Paths.get("").toAbsolutePath();

	static final Path CHART = MODULE.resolve("chorus");

	static final Path EXAMPLES = MODULE.resolve("examples");

	static final Path TEST_VALUES = MODULE.resolve("src/test/resources/values");

	static final String RELEASE = "chorus";

	static final String NAMESPACE = "inference";

	/** The Kubernetes version templates render for; embedded helm would otherwise assume v1.20. */
	static final String KUBE_VERSION = "1.31.0";

	private HelmChart() {
	}

	/**
	 * Renders the chart like {@code helm template chorus helm/chorus -n inference -f ...}.
	 * @param valuesFiles values files, applied in order
	 * @return the rendered manifests
	 */
	static Manifests template(Path... valuesFiles) {
		return Manifests.parse(render(valuesFiles));
	}

	/**
	 * Renders NOTES.txt, like {@code helm install --dry-run=client}, which needs no cluster.
	 * @param valuesFiles values files, applied in order
	 * @return the notes
	 */
	static String notes(Path... valuesFiles) {
		InstallCommand command = new Helm(CHART).install()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION)
			.dryRun()
			.withDryRunOption(DryRun.CLIENT)
			.clientOnly();
		for (Path file : valuesFiles) {
			command = command.withValuesFile(file);
		}
		return command.call().getOutput();
	}

	static String render(Path... valuesFiles) {
		return render(KUBE_VERSION, valuesFiles);
	}

	static String render(String kubeVersion, Path... valuesFiles) {
		return render(CHART, kubeVersion, RELEASE, valuesFiles);
	}

	/**
	 * Renders the chart with its hooks. helm-java's template leaves hooks out of its output, so this renders a
	 * copy whose hook annotations are renamed, which makes helm treat them as plain resources.
	 * @param valuesFiles values files, applied in order
	 * @return the rendered manifests, the "helm test" pod included
	 */
	static Manifests templateWithHooks(Path... valuesFiles) {
		return templateWithHooks(RELEASE, valuesFiles);
	}

	/**
	 * Renders the chart with its hooks for a release name of choice.
	 * @param release the release name
	 * @param valuesFiles values files, applied in order
	 * @return the rendered manifests, the "helm test" pod included
	 */
	static Manifests templateWithHooks(String release, Path... valuesFiles) {
		Path copy = copyChart();
		try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String text = Files.readString(file);
				Files.writeString(file, text.replace("helm.sh/hook", "chorus.test/was-helm.sh-hook"));
			}
			return Manifests.parse(render(copy, KUBE_VERSION, release, valuesFiles)
				.replace("chorus.test/was-helm.sh-hook", "helm.sh/hook"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			delete(copy.getParent());
		}
	}

	private static String render(Path chart, String kubeVersion, String release, Path... valuesFiles) {
		TemplateCommand command = new Helm(chart).template()
			.withName(release)
			.withNamespace(NAMESPACE)
			.withKubeVersion(kubeVersion);
		for (Path file : valuesFiles) {
			command = command.withValuesFile(file);
		}
		return command.call();
	}

	/**
	 * Runs {@code helm lint --strict} with values files. helm-java's lint takes no values files, so the chart
	 * is copied with its values.yaml replaced by the defaults merged with the files, the way helm merges them.
	 * @param valuesFiles values files, applied in order
	 * @return the lint result
	 */
	static LintResult lint(Path... valuesFiles) {
		Path copy = copyChart();
		try {
			if (valuesFiles.length > 0) {
				Map<String, Object> values = load(CHART.resolve("values.yaml"));
				for (Path file : valuesFiles) {
					values = merge(values, load(file));
				}
				DumperOptions options = new DumperOptions();
				options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
				Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
			}
			return new Helm(copy).lint().strict().call();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			delete(copy.getParent());
		}
	}

	static Path values(String name) {
		Path file = TEST_VALUES.resolve(name);
		return Files.exists(file) ? file : EXAMPLES.resolve(name);
	}

	static Path writeValues(String yaml) {
		try {
			Path file = Files.createTempFile("chorus-values-", ".yaml");
			file.toFile().deleteOnExit();
			return Files.writeString(file, yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> load(Path file) {
		try {
			Object loaded = new Yaml().load(Files.readString(file));
			return (loaded == null) ? new LinkedHashMap<>() : (Map<String, Object>) loaded;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Helm's coalescing: maps merge key by key, anything else (lists included) is replaced. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
		Map<String, Object> result = new LinkedHashMap<>(base);
		override.forEach((key, value) -> {
			Object current = result.get(key);
			if (current instanceof Map && value instanceof Map) {
				result.put(key, merge((Map<String, Object>) current, (Map<String, Object>) value));
			}
			else {
				result.put(key, value);
			}
		});
		return result;
	}

	private static Path copyChart() {
		try {
			Path target = Files.createTempDirectory("chorus-chart-").resolve("chorus");
			try (Stream<Path> files = Files.walk(CHART)) {
				for (Path source : (Iterable<Path>) files::iterator) {
					Path destination = target.resolve(CHART.relativize(source).toString());
					if (Files.isDirectory(source)) {
						Files.createDirectories(destination);
					}
					else {
						Files.copy(source, destination);
					}
				}
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
			for (Path file : all) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
