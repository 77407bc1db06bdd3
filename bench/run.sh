#!/usr/bin/env bash
# The benchmark's one entry command. From the repository root:
#
#   bench/run.sh                 # every scenario, 5 s runs, the oracle at 25 and 50 % load (~2 h; settle windows add up to ~40 min)
#   bench/run.sh --quick         # n3-0ms, n10-20ms and the burst only (~35 min)
#   bench/run.sh --full          # every scenario, 10 s runs, the oracle at every load level (~3 h)
#   bench/run.sh --wait-quiet 60 # first wait (up to 60 min) for load average < 0.8 and no other java/mvn
#   bench/run.sh --no-build ...  # skip the Maven build
#   bench/run.sh --report-only bench/results/<run>   # regenerate docs/benchmarks.md and charts from a run
#
# Any other option goes to the runner (io.chorus.bench.BenchConfig): --scenarios, --systems, --levels,
# --oracle-levels, --reps, --seconds, --warmup, --saturation-seconds, --concurrency, --sut-cpus, --mock-cpus,
# --jvm-options (the Java systems' options, space-separated; default -Xms512m -Xmx2g -XX:+UseG1GC).
# Results go to bench/results/<timestamp>/ (gitignored); docs/benchmarks.md and bench/charts/*.png are rewritten.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

build=1
wait_quiet=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --wait-quiet) wait_quiet="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

# One JDK for every JVM in the run; JDK 25 where present so the virtual-thread peer can run, else JDK 17 (the
# runner then skips that peer with a notice).
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JDK=/usr/lib/jvm/temurin-25-jdk-amd64
else
  JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
fi

if [ "${args[0]:-}" = "--report-only" ]; then
  exec "$JDK/bin/java" -Djava.awt.headless=true -Dchorus.root="$ROOT" \
    -jar bench/runner/target/bench-runner-0.1.0-SNAPSHOT.jar "${args[@]}"
fi

# The Python peer's packages (Debian): FastAPI, uvicorn, httpx, uvloop.
if ! /usr/bin/python3 -c 'import fastapi, uvicorn, httpx, uvloop' 2>/dev/null; then
  echo "installing python3-fastapi python3-uvicorn python3-httpx python3-uvloop"
  apt-get install -y python3-fastapi python3-uvicorn python3-httpx python3-uvloop >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y python3-fastapi python3-uvicorn python3-httpx python3-uvloop >/dev/null; }
fi

# 10,000 requests in flight need ~10,000 sockets in the generator and ~40,000 across the system under test.
ulimit -Hn 262144 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" -lt 50000 ]; then
  echo "WARNING: open-file limit $(ulimit -n); the 10,000-in-flight scenario needs ~50,000"
fi

if [ "$wait_quiet" -gt 0 ]; then
  for ((i = 0; i < wait_quiet; i++)); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    others=$(pgrep -x java -c || true)
    others=$((others + $(pgrep -f 'org.codehaus.plexus.classworlds|maven' -c || true)))
    if awk -v l="$load" 'BEGIN { exit !(l < 0.8) }' && [ "$others" -eq 0 ]; then
      echo "machine quiet: load $load"; break
    fi
    echo "$(date +%T) waiting for a quiet machine: load $load, $others other java/maven processes"
    sleep 60
  done
fi

if [ "$build" = 1 ]; then
  modules=protocol,mock-endpoints,ensemble-service,gateway,bench,bench/peers/reactor-netty-floor,bench/peers/spring-mvc,bench/runner
  ./mvnw -q -B -o -DskipTests install -pl "$modules" -am || ./mvnw -q -B -DskipTests install -pl "$modules" -am
fi

# The load generator (and the oracle) share CPU 1 with the mocks; the systems under test get CPU 0.
exec taskset -c 1 "$JDK/bin/java" -Xms1g -Xmx4g -XX:+UseG1GC -Djava.awt.headless=true -Dchorus.root="$ROOT" \
  -jar bench/runner/target/bench-runner-0.1.0-SNAPSHOT.jar "${args[@]}"
