#!/usr/bin/env bash
# Time to first successful inference of ensemble-service and of the gateway, each started alone (issue 14 item 5),
# from the plain jar and from the extracted jar with its class-data archive (CDS on JDK < 25, AOT cache on 25+),
# with the idle RSS. Members (mocks) and, for the gateway, a running ensemble-service are started first.
#   bench/startup.sh [--reps 3] [--jdks /path/java,...] [--modes plain,cds] [--cpus 0-1] [--systems ensemble,gateway]
# Prints one line per start: system jdk mode first-inference-s ready-s rss-MB. Run it under the shared lock.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
reps=3 jdks="$(command -v java)" modes=plain,cds cpus=0-1 systems=ensemble,gateway
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --jdks) jdks="$2"; shift ;;
    --modes) modes="$2"; shift ;;
    --cpus) cpus="$2"; shift ;;
    --systems) systems="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
V=0.1.0-SNAPSHOT MOCK=19701 ENS=19710 GW=19720
WORK=$(mktemp -d /tmp/chorus-startup.XXXXXX)
BODY='{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ms() { date +%s%N | cut -c1-13; }
wait_200() { # url [curl args...]: polls every 20 ms, up to 120 s
  local url=$1; shift
  for _ in $(seq 1 6000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url")" = 200 ] && return 0
    sleep 0.02
  done
  return 1
}
# The archive of one module for one JDK, recorded once by a training run (as ./chorus does).
archive_args() { # java module training-args...: prints the options and jar that start the module from its archive
  local java=$1 module=$2 dir="$WORK/$2-$(basename "$(dirname "$(dirname "$1")")")"
  shift 2
  if [ ! -d "$dir" ]; then
    "$java" -Djarmode=tools -jar "$module/target/$module-$V-exec.jar" extract --destination "$dir" \
      --application-filename app.jar >/dev/null
    local feature
    feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    # The training run runs the warm-up (against the mocks, for ensemble-service) and exits, as ./chorus trains;
    # same heap option as the measured run.
    local stop=--chorus.warmup.exit-when-done=true cap=--chorus.warmup.max-time=10s
    [ "$module" = gateway ] && stop=--chorus.gateway.warmup.exit-when-done=true cap=--chorus.gateway.warmup.max-time=10s
    if [ "${feature%%.*}" -ge 25 ]; then
      "$java" -Xmx512m -XX:AOTCacheOutput="$dir/app.aot" -jar "$dir/app.jar" "$@" "$stop" "$cap" >"$dir/training.log" 2>&1
    else
      "$java" -Xmx512m -XX:ArchiveClassesAtExit="$dir/app.jsa" -jar "$dir/app.jar" "$@" "$stop" "$cap" >"$dir/training.log" 2>&1
    fi
  fi
  if [ -f "$dir/app.aot" ]; then echo "-XX:AOTCache=$dir/app.aot -jar $dir/app.jar"; else echo "-XX:SharedArchiveFile=$dir/app.jsa -jar $dir/app.jar"; fi
}

java0=${jdks%%,*}
"$java0" -jar "mock-endpoints/target/mock-endpoints-$V-exec.jar" --mock.host=127.0.0.1 --mock.port=$MOCK \
  --mock.admin-port=$((MOCK + 1)) >"$WORK/mocks.log" 2>&1 &
pids+=($!)
wait_200 "http://127.0.0.1:$MOCK/v2/health/ready"
ens_args=(--spring.profiles.active=demo --chorus.demo.mock-url=http://127.0.0.1:$MOCK --server.address=127.0.0.1)
gw_args=(--spring.profiles.active=local --server.address=127.0.0.1 --chorus.gateway.rate-limit.enabled=false)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), cpus $cpus" >&2
echo "system jdk mode first-inference-s ready-s idle-rss-MB"
for system in ${systems//,/ }; do
  upstream=
  if [ "$system" = gateway ]; then
    "$java0" -jar "ensemble-service/target/ensemble-service-$V-exec.jar" "${ens_args[@]}" --server.port=$ENS \
      --management.server.port=$((ENS + 1)) >"$WORK/upstream.log" 2>&1 &
    upstream=$!
    wait_200 "http://127.0.0.1:$((ENS + 1))/actuator/health/readiness"
  fi
  for java in ${jdks//,/ }; do
    jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.version = //p')
    for mode in ${modes//,/ }; do
      for rep in $(seq 1 "$reps"); do
        if [ "$system" = ensemble ]; then
          module=ensemble-service port=$((ENS + 2)) args=("${ens_args[@]}") url=/v2/models/iris/infer auth=()
        else
          module=gateway port=$GW args=("${gw_args[@]}" --chorus.gateway.ensemble-service.uri=http://127.0.0.1:$ENS)
          url=/v2/models/iris/infer auth=(-H 'Authorization: Bearer chorus-demo-key')
        fi
        if [ "$mode" = cds ]; then
          read -r -a launch <<<"$(archive_args "$java" "$module" "${args[@]}" --server.port=0 --management.server.port=0)"
        else
          launch=(-jar "$module/target/$module-$V-exec.jar")
        fi
        t0=$(ms)
        taskset -c "$cpus" "$java" -Xmx512m "${launch[@]}" "${args[@]}" --server.port=$port \
          --management.server.port=$((port + 1)) >"$WORK/$system-$mode-$rep.log" 2>&1 &
        pid=$!
        wait_200 "http://127.0.0.1:$port$url" -X POST -H 'Content-Type: application/json' "${auth[@]}" -d "$BODY"
        first=$(( $(ms) - t0 ))
        wait_200 "http://127.0.0.1:$((port + 1))/actuator/health/readiness"
        ready=$(( $(ms) - t0 ))
        sleep 5
        rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
        kill "$pid"; wait "$pid" 2>/dev/null || true
        printf '%s %s %s %.2f %.2f %s\n' "$system" "$jdk" "$mode" "$(echo "$first / 1000" | bc -l)" \
          "$(echo "$ready / 1000" | bc -l)" "$rss"
      done
    done
  done
  [ -z "$upstream" ] || { kill "$upstream"; wait "$upstream" 2>/dev/null || true; }
done
