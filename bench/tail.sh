#!/usr/bin/env bash
# The tail-latency scenarios of issue 11 (hedging, replica choice, the ingress concurrency limit). From the
# repository root:
#
#   bench/tail.sh                                   # tail, replica and overload; 400 requests/s, 30 s per row
#   bench/tail.sh --rate 200 --seconds 20 --scenarios tail,replica
#   bench/tail.sh --no-build ...                    # skip the Maven build (first option only)
#
# Builds with `package` (never `install`), runs io.chorus.bench.tail.TailMain on JDK 25 (17 if absent) pinned to
# CPU 1 with the mocks; ensemble-service gets CPU 0. Writes bench/TAIL.md, which docs/benchmarks.md includes, and
# logs under bench/results/tail-<time>/ (gitignored).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi

# JDK 25 where present (as bench/run.sh), else the default java.
JDK=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$JDK/bin/java" ] || JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

if [ "$build" = 1 ]; then
  ./mvnw -q -B -o -DskipTests package -pl protocol,mock-endpoints,ensemble-service,bench/runner -am \
    || ./mvnw -q -B -DskipTests package -pl protocol,mock-endpoints,ensemble-service,bench/runner -am
fi

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec taskset -c 1 "$JDK/bin/java" -Xms512m -Xmx2g -XX:+UseG1GC -Dchorus.root="$ROOT" \
  -cp bench/runner/target/bench-runner-0.1.0-SNAPSHOT.jar io.chorus.bench.tail.TailMain "$@"
