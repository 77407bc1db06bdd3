package io.chorus.system.docs;

import java.util.List;

/**
 * A shell block of a documentation page with its {@code doc-test} marker.
 *
 * @param where the page and line of the block's opening fence, as {@code docs/page.md:12}
 * @param run true for {@code run}, false for {@code skip (reason)}
 * @param reason why the block cannot run in the test (skip only)
 * @param status the HTTP status every curl in the block must get, or 0 for any 2xx
 * @param commands the block's commands, continuation lines joined, comments and blank lines dropped
 * @param expectedJson the JSON block right after the shell block (the last command's answer), or null
 * @param text the block's text as written
 */
record DocExample(String where, boolean run, String reason, int status, List<Command> commands, String expectedJson,
		String text) {

	DocExample {
		commands = List.copyOf(commands);
	}

	/**
	 * One command of a block.
	 *
	 * @param where the page and line where the command starts
	 * @param line the command, continuation lines joined
	 */
	record Command(String where, String line) {
	}

}
