package io.chorus.ensemble.reload;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

import io.chorus.ensemble.config.InvalidEnsembleConfigException;

/**
 * Reloads the ensembles when the watched configuration files change: at start-up it applies them (an invalid
 * file stops start-up), then it polls their real paths and contents (a ConfigMap update swaps a symlink, so the
 * contents are compared, not modification times) on the bounded-elastic scheduler, since reading files blocks.
 */
final class ConfigWatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConfigWatcher.class);

	private final LiveEnsembles live;

	private final ConfigFiles files;

	private final ReloadProperties settings;

	private volatile String fingerprint;

	private volatile Disposable polling;

	ConfigWatcher(LiveEnsembles live, ConfigFiles files, ReloadProperties settings) {
		this.live = live;
		this.files = files;
		this.settings = settings;
	}

	/** Whether files are watched at all. */
	boolean enabled() {
		return !this.settings.watch().isEmpty();
	}

	/** Reads the watched files and reloads from them (blocking). */
	synchronized Map<String, Object> reloadNow() {
		this.fingerprint = this.files.fingerprint();
		return this.live.reload(this.files.read());
	}

	@Override
	public void start() {
		if (!enabled()) {
			return;
		}
		Map<String, Object> first = reloadNow();
		if ("failed".equals(first.get("result"))) {
			@SuppressWarnings("unchecked")
			java.util.List<String> problems = (java.util.List<String>) first.get("problems");
			throw new InvalidEnsembleConfigException(problems);
		}
		if (!this.settings.pollInterval().isZero()) {
			this.polling = Flux.interval(this.settings.pollInterval(), Schedulers.boundedElastic())
				.subscribe((tick) -> poll());
		}
	}

	private void poll() {
		try {
			String now = this.files.fingerprint();
			if (now != null && !now.equals(this.fingerprint)) {
				logger.info("The watched configuration changed; reloading the ensembles");
				reloadNow();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the watched configuration: " + ex.getMessage());
		}
	}

	/** Before the web server starts, so the watched ensembles are served from the first request on. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public void stop() {
		Disposable running = this.polling;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.polling != null && !this.polling.isDisposed();
	}

}
