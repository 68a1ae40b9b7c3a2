#!/usr/bin/env bash
# The plain-client row of docs/benchmarks.md: four concurrent `curl --data-binary @batch` clients
# post the generated workload as 1,000-event NDJSON batches to the packaged jar on a fresh H2
# database: the first 200 batches warm the server up, the events/s of the rest are printed.
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 src/jmh/curl-load.sh [events] [rules-dir]
#
# Needs the jar (./mvnw -Pjmh -DskipTests package). The workload is LoadBenchmark's (written with
# out=); a second argument loads that rules directory instead of ./rules.
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-1000000}
rules=${2:-rules}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
jar=$(ls target/vigil-*.jar | grep -v -- '-plain' | head -n 1)

./mvnw -B -q -Pjmh -DskipTests exec:exec -Dbench.main=io.vigil.load.LoadBenchmark -Dbench.jvm.args=-Xmx8g \
  -Djmh.args="jar=$jar events=$events out=$work/workload" >/dev/null 2>&1 || true
split -l 1000 -d -a 4 "$work/workload/events.ndjson" "$work/batch-"

"$JAVA_HOME/bin/java" -Xmx2g -jar "$jar" --server.port=18096 --detection.rules-dir="$rules" \
  --vigil.data-dir="$work/h2" \
  >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf localhost:18096/actuator/health/readiness >/dev/null && break; sleep 1; done

post() { xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/x-ndjson' --data-binary @{} localhost:18096/api/v1/events | sort | uniq -c; }
# slices of one array, not `ls | head`: head closing the pipe early fails the script under pipefail
batches=("$work"/batch-*)
echo "warm-up (200 batches), HTTP statuses:"; printf '%s\n' "${batches[@]:0:200}" | post
timed=$(( ${#batches[@]} - 200 ))
start=$(date +%s.%N)
echo "timed ($timed batches), HTTP statuses:"; printf '%s\n' "${batches[@]:200}" | post
end=$(date +%s.%N)
python3 -c "print(f'curl x4: {$timed * 1000 / ($end - $start):,.0f} events/s ({$timed * 1000:,} events in {$end - $start:.1f} s)')"
