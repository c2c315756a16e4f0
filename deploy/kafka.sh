#!/usr/bin/env bash
# A local single-node Kafka for development: deploy/kafka.sh start|stop|status
# Data, pid and log live under .nudge/ at the repo root; the data survives restarts.
# NUDGE_KAFKA_PORT sets the client port (default 9092), NUDGE_KAFKA_HEAP the broker's heap (default 512m).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state_dir="$root/.nudge"
port="${NUDGE_KAFKA_PORT:-9092}"
heap="${NUDGE_KAFKA_HEAP:-512m}"
pid_file="$state_dir/kafka.pid"
log_file="$state_dir/kafka.log"
classpath_file="$state_dir/devstack.classpath"
main_class="dev.nudge.devstack.kafka.KafkaServerMain"
ready_timeout_seconds=120
stop_timeout_seconds=60

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  # The pid must still be our broker, not an unrelated process that reused the number.
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$main_class" || return 1
  echo "$pid"
}

build_classpath() {
  echo "building the devstack classpath"
  # Both goals in one reactor run: the parent runs first and devstack then overwrites the classpath file.
  (cd "$root" && mvn -B -q -pl devstack -am compile dependency:build-classpath -Dmdep.outputFile="$classpath_file")
}

start() {
  if pid="$(running_pid)"; then
    echo "kafka already running (pid $pid) at $(grep -o 'KAFKA READY .*' "$log_file" | tail -1 | cut -d' ' -f3)"
    return 0
  fi
  mkdir -p "$state_dir"
  build_classpath
  [ -f "$log_file" ] && mv "$log_file" "$log_file.previous"
  # C1 only and the serial collector: half the CPU to start on a small machine, ample for a dev broker.
  nohup java "-Xmx$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "$root/devstack/target/classes:$(cat "$classpath_file")" \
    "$main_class" --port "$port" --data-dir "$state_dir/kafka" >"$log_file" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"

  local waited=0
  until grep -qs '^KAFKA READY ' "$log_file"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pid_file"
      echo "kafka exited during start; the end of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      return 1
    fi
    if ((waited >= ready_timeout_seconds * 10)); then
      echo "kafka not ready after ${ready_timeout_seconds}s; stopping it (log: $log_file)" >&2
      stop
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "kafka running (pid $pid) at $(grep -o '^KAFKA READY .*' "$log_file" | cut -d' ' -f3), log in $log_file"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pid_file"
    echo "kafka not running"
    return 0
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= stop_timeout_seconds * 10)); then
      echo "kafka (pid $pid) still running after ${stop_timeout_seconds}s; killing it" >&2
      kill -KILL "$pid"
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  echo "kafka stopped"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "kafka running (pid $pid) at $(grep -o '^KAFKA READY .*' "$log_file" | tail -1 | cut -d' ' -f3)"
  else
    echo "kafka not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
