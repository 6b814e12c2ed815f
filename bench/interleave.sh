#!/usr/bin/env bash
# One setting, A/B, interleaved: two standalones side by side (A without, B with the setting), each with 1,000 users,
# then closed-loop GET and PATCH runs with wrk (2 threads, 8 connections) alternated A B, B A, ... so that the
# machine's drift falls on both alike. Each run prints its rate, p99 and the service's CPU per request (user + system
# time of that JVM from /proc, every thread). The other JVM is idle meanwhile.
#
#   bench/interleave.sh "<arguments of A>" "<arguments of B>" [rounds, 6] [seconds per run, 10]
#   e.g. bench/interleave.sh "" "--prefs.command.aggregate-cache-size=0"
#
# Needs wrk and the built standalone (./mvnw -B -ntp -DskipTests package); uses ports 8081 and 8082.
set -euo pipefail
cd "$(dirname "$0")/.."
A_ARGS="$1"; B_ARGS="$2"; ROUNDS=${3:-6}; SECONDS_PER_RUN=${4:-10}
JAR=$PWD/standalone/target/prefs-standalone.jar
SCRIPTS=$PWD/bench/src/main/resources/wrk
WORK=$(mktemp -d /tmp/prefs-interleave.XXXXXX)
command -v wrk > /dev/null || { echo "wrk is needed: sudo apt-get install -y wrk" >&2; exit 2; }
echo "work folder $WORK"

start() { # variant port arguments
  # shellcheck disable=SC2086 # the arguments are a list
  PREFS_DATA_DIR=$WORK/$1 java -Xmx1g -jar "$JAR" --server.port="$2" $3 > "$WORK/$1.log" 2>&1 &
  echo $! > "$WORK/$1.pid"
}
stop() { kill "$(cat "$WORK/a.pid")" "$(cat "$WORK/b.pid")" 2> /dev/null || true; }
trap stop EXIT
healthy() { # port: waits up to 3 minutes
  for _ in $(seq 1 900); do curl -sf "localhost:$1/actuator/health" > /dev/null && return 0; sleep 0.2; done
  echo "the service on port $1 did not report UP within 3 minutes" >&2; exit 1
}
# One after the other: two start-ups at once on two cores would each take twice as long.
start a 8081 "$A_ARGS"; healthy 8081
start b 8082 "$B_ARGS"; healthy 8082
for variant in a:8081 b:8082; do
  name=${variant%%:*}; port=${variant##*:}
  PREFS_DATA_DIR=$WORK/$name java -jar "$JAR" token ops --admin > "$WORK/$name.token"
  token=$(cat "$WORK/$name.token")
  seq 0 999 | xargs -P4 -I{} curl -sf -o /dev/null -X POST "localhost:$port/api/users/u{}/preferences" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"theme":"light","language":"en-US"}'
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$WORK/$1.pid")/stat"; }
run() { # variant port get|patch seconds
  local token before after out arguments
  token=$(cat "$WORK/$1.token")
  arguments="1000 $token u"; [ "$3" = patch ] && arguments="1000 $token u 0 400 2"
  before=$(cpu_ticks "$1")
  # shellcheck disable=SC2086
  out=$(wrk -t2 -c8 -d"$4"s --latency -s "$SCRIPTS/$3.lua" "http://localhost:$2" -- $arguments)
  after=$(cpu_ticks "$1")
  echo "$out" | awk -v kind="$3" -v variant="$1" -v before="$before" -v after="$after" \
      -v hz="$(getconf CLK_TCK)" '
    /requests in/ { requests = $1 }
    /Requests\/sec/ { rate = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx/ { errors = $NF }
    END { printf "%s %s rate=%s p99=%s cpu_ms_per_req=%.3f non2xx=%d\n", kind, variant, rate, p99,
                 (after - before) * 1000 / hz / requests, errors }'
}
# Warm-up (not printed): mixed PATCH and GET on both, so that the JIT has compiled the request paths.
for kind in patch get patch get; do run a 8081 $kind 15 > /dev/null; run b 8082 $kind 15 > /dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  for kind in get patch; do
    if [ $((round % 2)) = 1 ]; then
      run a 8081 $kind "$SECONDS_PER_RUN"; run b 8082 $kind "$SECONDS_PER_RUN"
    else
      run b 8082 $kind "$SECONDS_PER_RUN"; run a 8081 $kind "$SECONDS_PER_RUN"
    fi
  done
done
