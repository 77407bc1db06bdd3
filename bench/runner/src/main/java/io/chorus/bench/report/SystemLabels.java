package io.chorus.bench.report;

/**
 * Display names of the systems.
 */
public final class SystemLabels {

	private SystemLabels() {
	}

	public static String of(String id) {
		return switch (id) {
			case "ensemble" -> "ensemble-service";
			case "ensemble-h2c" -> "ensemble-service, h2c to members";
			case "gateway" -> "gateway → ensemble-service";
			case "floor" -> "Reactor Netty floor";
			case "mvc-platform" -> "Spring MVC, 200 platform threads";
			case "mvc-virtual" -> "Spring MVC, virtual threads";
			case "python" -> "Python FastAPI + httpx";
			default -> id;
		};
	}

}
