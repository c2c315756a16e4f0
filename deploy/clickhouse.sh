#!/usr/bin/env bash
# Nudge's local ClickHouse: ./deploy/clickhouse.sh start | stop | status | migrate
#   start    installs clickhouse-server if missing, starts it on fixed loopback ports, applies migrations
#   stop     stops it (its data stays in .nudge/clickhouse)
#   status   exits 0 when it answers, 3 when it is not running
#   migrate  applies the pending sql/NNN_*.sql files
# Ports: NUDGE_CH_HTTP_PORT (default 18123), NUDGE_CH_TCP_PORT (default 19000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

http_port=${NUDGE_CH_HTTP_PORT:-18123}
tcp_port=${NUDGE_CH_TCP_PORT:-19000}
http_url="http://127.0.0.1:$http_port"
state_dir="$root/.nudge"
data_dir="$state_dir/clickhouse"
pid_file="$state_dir/clickhouse.pid"
console_log="$state_dir/clickhouse.out"
classpath_file="$state_dir/clickhouse.classpath"

install_clickhouse() {
  local missing=()
  [ -x /usr/sbin/clickhouse-server ] || missing+=(clickhouse-server)
  command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    local sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Compiles devstack and platform and writes the classpath of their main classes (ClickHouseServerMain, Migrations).
build_classpath() {
  local maven=(mvn -B -q -pl devstack,jobs/platform -am compile dependency:build-classpath
               -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime)
  "${maven[@]}" -o >/dev/null 2>&1 || "${maven[@]}"
  mkdir -p "$state_dir"
  echo "$root/devstack/target/classes:$root/jobs/platform/target/classes:$(cat "$root/devstack/target/runtime.classpath")" \
    > "$classpath_file"
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid; pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; else rm -f "$pid_file"; return 1; fi
}

answers() {
  curl -fsS --max-time 2 "$http_url/ping" >/dev/null 2>&1
}

start() {
  install_clickhouse
  build_classpath
  if pid=$(running_pid); then
    echo "ClickHouse already running at $http_url (pid $pid)"
  else
    mkdir -p "$data_dir"
    # Its own session, so that a Ctrl-C in this terminal later does not stop it.
    setsid nohup java -Xmx64m -cp "$(cat "$classpath_file")" dev.nudge.devstack.clickhouse.ClickHouseServerMain \
      "$http_port" "$tcp_port" "$data_dir" >"$console_log" 2>&1 < /dev/null &
    echo $! > "$pid_file"
    await_ready
    echo "ClickHouse running at $http_url (tcp $tcp_port, pid $(cat "$pid_file"), data $data_dir)"
  fi
  migrate
}

await_ready() {
  local deadline=$((SECONDS + 120))
  until grep -q "^CLICKHOUSE READY" "$console_log" 2>/dev/null; do
    if ! running_pid >/dev/null || ((SECONDS > deadline)); then
      echo "ClickHouse did not start; $console_log says:" >&2
      tail -n 40 "$console_log" >&2
      stop >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.2
  done
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "ClickHouse is not running"
    return 0
  fi
  kill -TERM "$pid"
  # The runner stops clickhouse-server (up to 30 s) before it exits itself.
  local deadline=$((SECONDS + 45))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "ClickHouse runner $pid ignores SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  echo "ClickHouse stopped"
}

status() {
  local pid
  if pid=$(running_pid) && answers; then
    echo "ClickHouse running at $http_url (pid $pid)"
  elif pid=$(running_pid); then
    echo "ClickHouse process $pid is up but $http_url does not answer"
    return 1
  else
    echo "ClickHouse is not running"
    return 3
  fi
}

migrate() {
  if ! answers; then
    echo "ClickHouse does not answer at $http_url; run: $0 start" >&2
    exit 1
  fi
  [ -f "$classpath_file" ] || build_classpath
  java -Xmx256m -cp "$(cat "$classpath_file")" dev.nudge.platform.clickhouse.Migrations "$http_url" "$root/sql"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  migrate) migrate ;;
  *) echo "usage: $0 start|stop|status|migrate" >&2; exit 2 ;;
esac
