package io.chorus.ensemble.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import io.chorus.ensemble.config.ChorusProperties;

/**
 * Reads the watched configuration files afresh and binds {@code chorus.*} from them over the rest of the
 * application's environment (command line, environment variables, other config files), as start-up did. All
 * blocking file I/O: call it off the event loops.
 */
final class ConfigFiles {

	private final ConfigurableEnvironment environment;

	private final List<Path> watched;

	ConfigFiles(ConfigurableEnvironment environment, List<Path> watched) {
		this.environment = environment;
		this.watched = watched;
	}

	/** The configuration as the watched files say now. */
	ChorusProperties read() {
		List<PropertySource<?>> loaded = new ArrayList<>();
		for (Path file : files()) {
			PropertySourceLoader loader = file.toString().endsWith(".properties") ? new PropertiesPropertySourceLoader()
					: new YamlPropertySourceLoader();
			try {
				loaded.addAll(loader.load("Reloaded config '" + file + "'", new FileSystemResource(file)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		StandardEnvironment fresh = new StandardEnvironment();
		MutablePropertySources sources = fresh.getPropertySources();
		List.copyOf(sources.stream().map(PropertySource::getName).toList()).forEach(sources::remove);
		boolean inserted = false;
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			// The attached view of every source would read the old files again through the back door.
			if (source.getName().equals("configurationProperties")) {
				continue;
			}
			boolean watchedFile = isWatched(source);
			if (!inserted && (watchedFile || source.getName().startsWith("Config resource"))) {
				loaded.forEach(sources::addLast);
				inserted = true;
			}
			if (!watchedFile) {
				sources.addLast(source);
			}
		}
		if (!inserted) {
			loaded.forEach(sources::addLast);
		}
		return Binder.get(fresh).bindOrCreate("chorus", ChorusProperties.class);
	}

	/** A checksum of the watched files' real paths and contents; {@code null} when one cannot be read now. */
	String fingerprint() {
		try {
			StringBuilder fingerprint = new StringBuilder();
			for (Path file : files()) {
				CRC32 crc = new CRC32();
				crc.update(Files.readAllBytes(file));
				fingerprint.append(file.toRealPath()).append('=').append(crc.getValue()).append(';');
			}
			return fingerprint.toString();
		}
		catch (IOException | UncheckedIOException ex) {
			// A ConfigMap swap in progress, or a file being rewritten: look again next time.
			return null;
		}
	}

	private List<Path> files() {
		List<Path> files = new ArrayList<>();
		for (Path path : this.watched) {
			if (Files.isDirectory(path)) {
				try (Stream<Path> entries = Files.list(path)) {
					entries.filter((entry) -> !entry.getFileName().toString().startsWith(".."))
						.filter((entry) -> entry.toString().matches(".*\\.(ya?ml|properties)$"))
						.filter(Files::isRegularFile)
						.sorted()
						.forEach(files::add);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			else {
				files.add(path);
			}
		}
		return files;
	}

	private boolean isWatched(PropertySource<?> source) {
		return this.watched.stream().anyMatch((path) -> source.getName().contains(path.toAbsolutePath().toString()));
	}

}
