package io.chorus.system.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one documented shell command into words the way bash would for the simple commands the docs show:
 * single and double quotes, backslash escapes, and a {@code #} comment at the start of a word. Variables are not
 * expanded: {@link #hasVariable} tells a caller that the command depends on the reader's shell.
 */
final class ShellWords {

	private ShellWords() {
	}

	/**
	 * Splits a command (continuation lines already joined) into words.
	 * @param command one command line
	 * @return its words, without the trailing comment
	 */
	static List<String> split(String command) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		boolean inWord = false;
		for (int i = 0; i < command.length(); i++) {
			char c = command.charAt(i);
			if (c == '\'') {
				int end = command.indexOf('\'', i + 1);
				if (end < 0) {
					throw new IllegalArgumentException("unclosed ' in: " + command);
				}
				word.append(command, i + 1, end);
				i = end;
				inWord = true;
			}
			else if (c == '"') {
				i = doubleQuoted(command, i + 1, word);
				inWord = true;
			}
			else if (c == '\\' && i + 1 < command.length()) {
				word.append(command.charAt(++i));
				inWord = true;
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			}
			else if (c == '#' && !inWord) {
				break;
			}
			else {
				word.append(c);
				inWord = true;
			}
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}

	/**
	 * Answers whether the command uses a shell variable or command substitution outside single quotes.
	 * @param command one command line
	 * @return true when bash would expand something in it
	 */
	static boolean hasVariable(String command) {
		boolean single = false;
		for (int i = 0; i < command.length(); i++) {
			char c = command.charAt(i);
			if (c == '\'') {
				single = !single;
			}
			else if (c == '\\') {
				i++;
			}
			else if (!single && (c == '$' || c == '`')) {
				return true;
			}
		}
		return false;
	}

	private static int doubleQuoted(String command, int from, StringBuilder word) {
		for (int i = from; i < command.length(); i++) {
			char c = command.charAt(i);
			if (c == '"') {
				return i;
			}
			if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
				word.append(command.charAt(++i));
			}
			else {
				word.append(c);
			}
		}
		throw new IllegalArgumentException("unclosed \" in: " + command);
	}

}
