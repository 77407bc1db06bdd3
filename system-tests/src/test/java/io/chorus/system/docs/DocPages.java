package io.chorus.system.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the {@code doc-test} markers of the documentation pages. A marker is an HTML comment on its own line,
 * followed (blank lines allowed) by a fenced shell block:
 * <ul>
 * <li>{@code <!-- doc-test: run -->} the block's curl commands run against the local stack; a fenced
 * {@code json} block right after it is the last command's expected answer;</li>
 * <li>{@code <!-- doc-test: run status=403 -->} the same, expecting that status instead of a 2xx;</li>
 * <li>{@code <!-- doc-test: skip (reason) -->} the block cannot run in the test, for the reason given.</li>
 * </ul>
 * A page with at least one marker must mark every shell block; pages without markers are not checked.
 */
final class DocPages {

	private static final Pattern MARKER = Pattern.compile("<!--\\s*doc-test:\\s*(.*?)\\s*-->");

	private static final Pattern RUN = Pattern.compile("run(?:\\s+status=(\\d{3}))?");

	private static final Pattern SKIP = Pattern.compile("skip\\s*\\((.+)\\)");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");

	private static final Pattern SHELL_FENCE = Pattern.compile("\\s*```(bash|sh|shell|console)\\s*");

	private final List<DocExample> examples = new ArrayList<>();

	private final List<String> problems = new ArrayList<>();

	/**
	 * Reads README.md and every page under docs/.
	 * @param root the repository root
	 * @return the pages' examples and problems
	 * @throws IOException when a page cannot be read
	 */
	static DocPages read(Path root) throws IOException {
		DocPages pages = new DocPages();
		List<Path> files = new ArrayList<>();
		files.add(root.resolve("README.md"));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((p) -> p.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		for (Path file : files) {
			List<String> lines = Files.readAllLines(file);
			pages.readPage(root.relativize(file).toString(), lines);
			pages.checkLinks(root, root.relativize(file), lines);
		}
		return pages;
	}

	/**
	 * Reads one page.
	 * @param name the page's name in messages
	 * @param lines its lines
	 * @return the page's examples and problems
	 */
	static DocPages of(String name, List<String> lines) {
		DocPages pages = new DocPages();
		pages.readPage(name, lines);
		return pages;
	}

	List<DocExample> examples() {
		return this.examples;
	}

	List<String> problems() {
		return this.problems;
	}

	private void readPage(String name, List<String> lines) {
		boolean markedPage = lines.stream().anyMatch((l) -> MARKER.matcher(l.trim()).matches());
		String marker = null;
		int markerLine = 0;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			Matcher markerMatch = MARKER.matcher(line);
			if (markerMatch.matches()) {
				if (marker != null) {
					this.problems.add(name + ":" + markerLine + ": doc-test marker not followed by a shell block");
				}
				marker = markerMatch.group(1);
				markerLine = i + 1;
			}
			else if (line.startsWith("```")) {
				int end = closingFence(lines, i);
				if (SHELL_FENCE.matcher(line).matches()) {
					if (marker != null) {
						example(name, marker, markerLine, lines, i, end);
					}
					else if (markedPage) {
						this.problems.add(name + ":" + (i + 1) + ": shell block without a doc-test marker; put "
								+ "<!-- doc-test: run --> or <!-- doc-test: skip (reason) --> on the line before it");
					}
				}
				else if (marker != null) {
					this.problems.add(name + ":" + markerLine + ": doc-test marker not followed by a shell block");
				}
				marker = null;
				i = end;
			}
			else if (!line.isEmpty() && marker != null) {
				this.problems.add(name + ":" + markerLine + ": doc-test marker not followed by a shell block");
				marker = null;
			}
		}
		if (marker != null) {
			this.problems.add(name + ":" + markerLine + ": doc-test marker not followed by a shell block");
		}
	}

	private void checkLinks(Path root, Path page, List<String> lines) {
		for (int i = 0; i < lines.size(); i++) {
			Matcher link = LINK.matcher(lines.get(i));
			while (link.find()) {
				String target = link.group(1);
				Path resolved = root.resolve(page).getParent().resolve(target).normalize();
				if (!target.contains("://") && !target.startsWith("mailto:") && !Files.exists(resolved)) {
					this.problems.add(page + ":" + (i + 1) + ": links to " + target + ", which is not in the repository");
				}
			}
		}
	}

	private void example(String name, String marker, int markerLine, List<String> lines, int open, int close) {
		Matcher run = RUN.matcher(marker);
		Matcher skip = SKIP.matcher(marker);
		if (!run.matches() && !skip.matches()) {
			this.problems.add(name + ":" + markerLine + ": unknown doc-test marker '" + marker
					+ "' (use 'run', 'run status=NNN' or 'skip (reason)')");
			return;
		}
		List<DocExample.Command> commands = new ArrayList<>();
		StringBuilder command = new StringBuilder();
		int commandLine = 0;
		for (int i = open + 1; i < close; i++) {
			String line = lines.get(i);
			if (command.length() == 0) {
				if (line.isBlank() || line.trim().startsWith("#")) {
					continue;
				}
				commandLine = i + 1;
			}
			if (line.endsWith("\\")) {
				command.append(line, 0, line.length() - 1).append(' ');
			}
			else {
				command.append(line);
				commands.add(new DocExample.Command(name + ":" + commandLine, command.toString().trim()));
				command.setLength(0);
			}
		}
		String expectedJson = null;
		int next = close + 1;
		while (next < lines.size() && lines.get(next).isBlank()) {
			next++;
		}
		if (run.matches() && next < lines.size() && lines.get(next).trim().equals("```json")) {
			int end = closingFence(lines, next);
			expectedJson = String.join("\n", lines.subList(next + 1, end));
		}
		int status = (run.matches() && run.group(1) != null) ? Integer.parseInt(run.group(1)) : 0;
		this.examples.add(new DocExample(name + ":" + (open + 1), run.matches(), skip.matches() ? skip.group(1) : null,
				status, commands, expectedJson, String.join("\n", lines.subList(open + 1, close))));
	}

	private static int closingFence(List<String> lines, int open) {
		String fence = lines.get(open).trim().startsWith("````") ? "````" : "```";
		for (int i = open + 1; i < lines.size(); i++) {
			if (lines.get(i).trim().equals(fence)) {
				return i;
			}
		}
		return lines.size();
	}

}
