#!/usr/bin/env bash
# The cold-replica scenario (issue 18): start a system, wait for ready, then open-model load at once.
#   bench/cold.sh                      # ensemble and gateway, 200 req/s, 10 s cold + 10 s warm, warm-up on and off,
#                                      # CDS on and off
#   bench/cold.sh --no-build --rate 200 --seconds 10 --settle 20 --systems ensemble,gateway --warmups on,off --cds on,off
#   bench/cold.sh --quick              # = --seconds 5 --settle 10 --warmups on --cds on,off (about 3 minutes)
#   bench/cold.sh --sut-cpus '0/0-1' --reps 3   # each configuration on one pinned CPU and on both, three times
#                                      # (repetitions outermost, interleaved)
#   bench/cold.sh --max-time 2500ms    # the services' warm-up cap in the trials (default: theirs, 5 s)
# One JSON line per trial on stdout (times in ms); the run is also written to bench/COLD.md and replaces the
# section between the cold.sh markers in docs/benchmarks.md. See docs/benchmarks.md, "Cold replica".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

command="bench/cold.sh $*"
build=1 reps=1 max_time="" rate=200 seconds=10 settle=20 systems=ensemble,gateway sut_cpus=0 mock_cpus=1 warmups=on,off cds=on,off
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --quick) seconds=5 settle=10 warmups=on ;;
    --rate) rate="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --max-time) max_time="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --settle) settle="$2"; shift ;;
    --systems) systems="$2"; shift ;;
    --warmups) warmups="$2"; shift ;;
    --cds) cds="$2"; shift ;;
    --sut-cpus) sut_cpus="$2"; shift ;;
    --mock-cpus) mock_cpus="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JDK=/usr/lib/jvm/temurin-25-jdk-amd64
else
  JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
fi

if [ "$build" = 1 ]; then
  # package, not install: the runner's classpath is its own target/ directory and the module jars.
  ./mvnw -q -B -o -DskipTests package -pl protocol,mock-endpoints,ensemble-service,gateway,bench/runner -am
fi

# `--cds on`: the runner extracts each module's jar and records its class-data archive with a training run that
# runs the warm-up and exits (AOT cache on JDK 25+, CDS archive before), as ./chorus does.
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JDK/bin/java" -version 2>&1 | head -1)" >&2
# The systems, mocks and generator the runner starts inherit the soft open-file limit, raised to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The runner jar's manifest names its dependencies in target/lib.
exec taskset -c "$mock_cpus" "$JDK/bin/java" -Xms256m -Xmx1g -cp bench/runner/target/bench-runner-0.1.0-SNAPSHOT.jar \
  io.chorus.bench.cold.ColdReplicaMain \
  "$ROOT" "$JDK/bin/java" "$systems" "$rate" "$seconds" "$settle" "$sut_cpus" "$mock_cpus" "$warmups" "$cds" \
  "$command" "$reps" "$max_time"
