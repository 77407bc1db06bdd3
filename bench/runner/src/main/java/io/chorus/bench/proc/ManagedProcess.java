package io.chorus.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of the benchmark (a system under test or the mocks), pinned to CPUs with {@code taskset},
 * with its output in a log file. Reads its CPU time and memory from {@code /proc}.
 */
public final class ManagedProcess implements AutoCloseable {

	private static final Pattern HEAP_USED = Pattern.compile("(?:heap|Heap)\\s+total[^\\n]*?used (\\d+)K");

	private static final double CLOCK_TICKS = 100.0;

	private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		// Ctrl-C or a crash must not leave systems running: kill whatever is still alive on the way out.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
	}

	private final String name;

	private final Process process;

	private final String jcmd;

	private ManagedProcess(String name, Process process, String jcmd) {
		this.name = name;
		this.process = process;
		this.jcmd = jcmd;
	}

	/**
	 * Starts a process.
	 * @param name a short name for logs
	 * @param cpus the {@code taskset -c} CPU list, or null for no pinning
	 * @param command the command
	 * @param environment extra environment variables
	 * @param log where its output goes
	 * @param jcmd the {@code jcmd} of its JDK, or null when it is not a JVM
	 * @return the process
	 * @throws IOException when it cannot start
	 */
	public static ManagedProcess start(String name, String cpus, List<String> command, Map<String, String> environment,
			Path log, String jcmd) throws IOException {
		List<String> full = new ArrayList<>();
		if (cpus != null) {
			full.addAll(List.of("taskset", "-c", cpus));
		}
		full.addAll(command);
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		Process process = builder.start();
		LIVE.add(process);
		return new ManagedProcess(name, process, jcmd);
	}

	/**
	 * The name given at start.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Whether the process is still running.
	 * @return true while alive
	 */
	public boolean alive() {
		return this.process.isAlive();
	}

	/**
	 * The process id ({@code taskset} execs the command, so it is the command's own pid).
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * User plus system CPU time so far, from {@code /proc/<pid>/stat}.
	 * @return seconds
	 */
	public double cpuSeconds() {
		try {
			return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid()), "stat")));
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** utime + stime of a {@code stat} line (a process's or a thread's). */
	private static double cpuSeconds(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// After the command name: state is field 3, utime field 14, stime field 15 (1-based).
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
	}

	/**
	 * CPU time so far of the JVM's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}), from
	 * {@code /proc/<pid>/task/<tid>/stat}. A system whose compilers are still busy is not warm yet, whatever its
	 * throughput says. Compiler threads come and go with the JIT's load; the ones that ended are not counted.
	 * @return seconds (0 for a process that is not a JVM)
	 */
	public double jitCpuSeconds() {
		double total = 0;
		try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
			for (Path task : tasks) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
						total += cpuSeconds(stat);
					}
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended between the listing and the read
				}
			}
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		return total;
	}

	/**
	 * Resident set size now, from {@code /proc/<pid>/status}.
	 * @return megabytes
	 */
	public double rssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone
		}
		return Double.NaN;
	}

	/**
	 * Runs a full GC with {@code jcmd GC.run}, then reads the heap in use with {@code jcmd GC.heap_info}.
	 * @return megabytes in use after the GC, or NaN for a process that is not a JVM
	 */
	public double heapAfterGcMb() {
		if (this.jcmd == null) {
			return Double.NaN;
		}
		try {
			run(this.jcmd, Long.toString(pid()), "GC.run");
			Matcher m = HEAP_USED.matcher(run(this.jcmd, Long.toString(pid()), "GC.heap_info"));
			return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	private static String run(String... command) throws IOException {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String out = new String(p.getInputStream().readAllBytes());
			p.waitFor(60, TimeUnit.SECONDS);
			return out;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** Stops the process: SIGTERM, then SIGKILL after 15 s. */
	@Override
	public void close() {
		LIVE.remove(this.process);
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
