package io.chorus.ensemble.reload;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The reload endpoint on the management port: {@code POST /actuator/reload} reloads the ensembles from the
 * watched files now (200 when reloaded, 422 with every problem by key when the new configuration is refused and
 * the old one kept, 409 when no file is watched); {@code GET /actuator/reload} shows the last reload's answer.
 */
@WebEndpoint(id = "reload")
final class ReloadEndpoint {

	private final LiveEnsembles live;

	private final ConfigWatcher watcher;

	ReloadEndpoint(LiveEnsembles live, ConfigWatcher watcher) {
		this.live = live;
		this.watcher = watcher;
	}

	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> reload() {
		if (!this.watcher.enabled()) {
			return new WebEndpointResponse<>(Map.of("result", "failed", "problems",
					java.util.List.of("chorus.reload.watch: no configuration file is watched; nothing to reload from")),
					409);
		}
		Map<String, Object> answer = this.watcher.reloadNow();
		return new WebEndpointResponse<>(answer, "reloaded".equals(answer.get("result")) ? 200 : 422);
	}

	@ReadOperation
	public Map<String, Object> last() {
		return this.live.lastResult();
	}

}
