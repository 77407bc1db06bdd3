package io.chorus.system.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds what ties a documented shell command to one machine or one build state, so that every command works
 * from the repository root of a fresh clone with only a JDK: absolute paths of one machine, Maven's offline
 * mode, {@code -pl} of a module that needs its siblings built without {@code -am}, and repository files that
 * do not exist.
 */
final class CommandLint {

	private static final List<String> MACHINE_PATHS = List.of("/work/", "/usr/lib/jvm", "/home/", "/root/");

	private final Path root;

	CommandLint(Path root) {
		this.root = root;
	}

	/**
	 * Lists the problems of one command.
	 * @param command the command, continuation lines joined
	 * @return one message per problem; empty when the command is fine on a fresh clone
	 */
	List<String> problems(String command) {
		List<String> problems = new ArrayList<>();
		List<String> words = ShellWords.split(command);
		for (String path : MACHINE_PATHS) {
			if (command.contains(path)) {
				problems.add("names a path of one machine (" + path + "); use a path relative to the repository root"
						+ " or a placeholder");
			}
		}
		if (words.size() > 1 && words.get(0).equals("cd") && words.get(1).startsWith("/")) {
			problems.add("cd to an absolute path; the docs' commands run from the repository root");
		}
		if (!words.isEmpty() && (words.get(0).equals("./mvnw") || words.get(0).equals("mvn"))) {
			maven(words, problems);
		}
		for (String word : words) {
			String path = word.startsWith("./") ? word.substring(2) : word;
			int slash = path.indexOf('/');
			if (slash > 0 && !path.contains("target/") && !path.contains("*") && !path.contains("<")
					&& Files.isDirectory(this.root.resolve(path.substring(0, slash)))
					&& !Files.exists(this.root.resolve(path))) {
				problems.add("names " + word + ", which is not in the repository");
			}
		}
		return problems;
	}

	private void maven(List<String> words, List<String> problems) {
		if (words.contains("-o") || words.contains("--offline")) {
			problems.add("uses Maven's offline mode (-o), which fails before the dependencies are downloaded");
		}
		int pl = Math.max(words.indexOf("-pl"), words.indexOf("--projects"));
		boolean alsoMake = words.contains("-am") || words.contains("--also-make");
		if (pl >= 0 && pl + 1 < words.size() && !alsoMake) {
			for (String module : words.get(pl + 1).split(",")) {
				if (needsSiblings(module)) {
					problems.add("builds -pl " + module + " without -am; on a fresh clone its sibling modules are "
							+ "neither built nor installed");
				}
			}
		}
	}

	private boolean needsSiblings(String module) {
		Path pom = this.root.resolve(module).resolve("pom.xml");
		if (!Files.isRegularFile(pom)) {
			return false;
		}
		try {
			String text = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
			return text.contains("<groupId>io.chorus</groupId>");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
