#!/usr/bin/env bash
# A standalone Flink session cluster on this machine: one JobManager and two TaskManagers, each its own JVM, run from
# Maven artifacts (the Flink distribution is not published to Maven Central; deploy/flink-cluster/pom.xml names the
# jars). RocksDB state, file-system checkpoints and savepoints, the REST API and web UI, a Prometheus endpoint per JVM.
#
#   deploy/flink-cluster.sh start       starts what is not running (a killed TaskManager comes back), waits for it
#   deploy/flink-cluster.sh stop        stops all three
#   deploy/flink-cluster.sh status      the processes and the REST overview; exit code 3 when not running
#   deploy/flink-cluster.sh flink ...   Flink's command line against this cluster, e.g.
#       deploy/flink-cluster.sh flink run -d jobs/sequencer/target/nudge-sequencer-0.1.0-SNAPSHOT-job.jar --bootstrap-servers 127.0.0.1:9092
#       deploy/flink-cluster.sh flink stop --savepointPath file:///tmp/savepoints <job id>
#
# Settings (environment): NUDGE_FLINK_DIR (config, logs, pids, checkpoints, savepoints; default .nudge/flink),
# NUDGE_FLINK_REST_PORT (8081), NUDGE_FLINK_RPC_PORT (6123), NUDGE_FLINK_METRICS_PORT (9249: the JobManager's
# Prometheus port; TaskManager n serves on it + n), NUDGE_FLINK_TASKMANAGERS (2), NUDGE_FLINK_SLOTS (slots per
# TaskManager, 4: one TaskManager can carry both jobs while the other is down), NUDGE_FLINK_CHECKPOINT_INTERVAL (5s),
# NUDGE_FLINK_TASKMANAGER_MEMORY (1024m).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
state_dir="$(mkdir -p "${NUDGE_FLINK_DIR:-$root/.nudge/flink}" && cd "${NUDGE_FLINK_DIR:-$root/.nudge/flink}" && pwd)"
rest_port="${NUDGE_FLINK_REST_PORT:-8081}"
rpc_port="${NUDGE_FLINK_RPC_PORT:-6123}"
metrics_port="${NUDGE_FLINK_METRICS_PORT:-9249}"
taskmanagers="${NUDGE_FLINK_TASKMANAGERS:-2}"
slots="${NUDGE_FLINK_SLOTS:-4}"
checkpoint_interval="${NUDGE_FLINK_CHECKPOINT_INTERVAL:-5s}"
taskmanager_memory="${NUDGE_FLINK_TASKMANAGER_MEMORY:-1024m}"
conf_dir="$state_dir/conf"
log_dir="$state_dir/log"
classpath_file="$root/deploy/flink-cluster/target/flink.classpath"
ready_timeout_seconds=120
stop_timeout_seconds=30

# What Flink's own scripts pass every JVM on JDK 17 (env.java.default-opts.all): a job's main() and Kryo need them.
jdk_opts=(-XX:+IgnoreUnrecognizedVMOptions
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

classpath() {
  # Written by the module's build (mvn install/verify); resolved here when missing or older than its pom.
  if [ ! -s "$classpath_file" ] || [ "$root/deploy/flink-cluster/pom.xml" -nt "$classpath_file" ]; then
    echo "resolving the Flink cluster's classpath" >&2
    (cd "$root" && mvn -B -q -f deploy/flink-cluster/pom.xml generate-resources >&2)
  fi
  cat "$classpath_file"
}

write_config() {
  mkdir -p "$conf_dir" "$log_dir" "$state_dir/tmp" "$state_dir/web"
  cp "$root/deploy/flink-cluster/log4j.properties" "$conf_dir/log4j.properties"
  cat >"$conf_dir/config.yaml" <<EOF
# Written by deploy/flink-cluster.sh on every start; edit the script, not this file.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 768m
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $taskmanager_memory
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
web.upload.dir: $state_dir/web
web.cancel.enable: true
io.tmp.dirs: $state_dir/tmp
parallelism.default: 2
cluster.evenly-spread-out-slots: true
cluster.registration.error-delay: 1s
# A SIGKILLed TaskManager is noticed within seconds (its heartbeat RPCs fail) rather than after the 50 s default.
heartbeat.interval: 2000
heartbeat.timeout: 20000
# Generous for a small machine that is busy: the RPC system of a JVM starting next to two others under load can take
# longer than the 10 s defaults.
pekko.startup-timeout: 60s
pekko.ask.timeout: 30s
state.backend.type: rocksdb
execution.checkpointing.incremental: true
execution.checkpointing.interval: $checkpoint_interval
execution.checkpointing.dir: file://$state_dir/checkpoints
execution.checkpointing.savepoint-dir: file://$state_dir/savepoints
execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 20
restart-strategy.fixed-delay.delay: 1s
pipeline.generic-types: false
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: $metrics_port
EOF
}

# The pid of a process of this cluster (jobmanager, taskmanager-1, ...), if it is running.
running_pid() {
  local pid_file="$state_dir/$1.pid" pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  # The pid must still be that process, not an unrelated one that reused the number.
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null \
    | grep -q -- "-Dnudge.flink.process=$1 -Dnudge.flink.dir=$state_dir " || return 1
  echo "$pid"
}

# The JVM options and -D settings Flink's scripts compute for a process's memory (GET_TM_/GET_JM_RESOURCE_PARAMS).
resource_params() {
  java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf_dir" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

launch() {
  local name="$1" main_class="$2" params="$3"
  shift 3
  local jvm_params dynamic_params
  jvm_params="$(echo "$params" | sed -n 1p)"
  dynamic_params="$(echo "$params" | sed -n 2p)"
  [ -f "$log_dir/$name.log" ] && mv "$log_dir/$name.log" "$log_dir/$name.log.previous"
  # shellcheck disable=SC2086 # the computed parameters are word lists
  nohup java $jvm_params "-Dnudge.flink.process=$name" "-Dnudge.flink.dir=$state_dir" "${jdk_opts[@]}" \
    "-Djava.io.tmpdir=$state_dir/tmp" "-Dlog.file=$log_dir/$name.log" \
    "-Dlog4j.configurationFile=file:$conf_dir/log4j.properties" -cp "$cp" "$main_class" \
    --configDir "$conf_dir" $dynamic_params "$@" >"$log_dir/$name.out" 2>&1 </dev/null &
  echo $! >"$state_dir/$name.pid"
  echo "$name started (pid $!), log in $log_dir/$name.log"
}

overview() {
  curl -fsS --max-time 5 "http://127.0.0.1:$rest_port/overview" 2>/dev/null
}

start() {
  cp="$(classpath)"
  write_config
  if ! running_pid jobmanager >/dev/null; then
    launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      "$(resource_params GET_JM_RESOURCE_PARAMS)"
  fi
  local tm_params
  tm_params="$(resource_params GET_TM_RESOURCE_PARAMS)"
  if [ -z "$tm_params" ]; then
    echo "could not compute the TaskManager's memory settings from $conf_dir/config.yaml" >&2
    return 1
  fi
  for i in $(seq 1 "$taskmanagers"); do
    if ! running_pid "taskmanager-$i" >/dev/null; then
      launch "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$tm_params" \
        -D "taskmanager.resource-id=taskmanager-$i" -D "metrics.reporter.prom.port=$((metrics_port + i))"
    fi
  done

  local waited=0 registered
  while true; do
    registered="$(overview | grep -o '"taskmanagers":[0-9]*' | cut -d: -f2 || true)"
    [ "${registered:-0}" -ge "$taskmanagers" ] && break
    for name in jobmanager $(seq -f 'taskmanager-%g' 1 "$taskmanagers"); do
      if ! running_pid "$name" >/dev/null; then
        echo "$name exited during start; the end of $log_dir/$name.log and .out:" >&2
        tail -n 20 "$log_dir/$name.log" "$log_dir/$name.out" >&2 || true
        return 1
      fi
    done
    if ((waited >= ready_timeout_seconds * 5)); then
      echo "the cluster did not get $taskmanagers TaskManagers in ${ready_timeout_seconds}s (logs: $log_dir)" >&2
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "flink cluster running: REST and web UI on http://127.0.0.1:$rest_port, $taskmanagers TaskManagers x $slots slots, Prometheus on ports $metrics_port-$((metrics_port + taskmanagers)), state in $state_dir"
}

stop() {
  local pids=() pid
  for name in $(seq -f 'taskmanager-%g' 1 "$taskmanagers") jobmanager; do
    if pid="$(running_pid "$name")"; then
      kill -TERM "$pid"
      pids+=("$pid")
    fi
    rm -f "$state_dir/$name.pid"
  done
  local waited=0
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited >= stop_timeout_seconds * 10)); then
        echo "flink process $pid still running after ${stop_timeout_seconds}s; killing it" >&2
        kill -KILL "$pid"
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  done
  echo "flink cluster stopped"
}

status() {
  local any=0 pid
  for name in jobmanager $(seq -f 'taskmanager-%g' 1 "$taskmanagers"); do
    if pid="$(running_pid "$name")"; then
      echo "$name running (pid $pid)"
      any=1
    else
      echo "$name not running"
    fi
  done
  if [ "$any" = 1 ] && overview; then
    echo
    return 0
  fi
  return 3
}

flink_cli() {
  cp="$(classpath)"
  [ -f "$conf_dir/config.yaml" ] || write_config
  FLINK_CONF_DIR="$conf_dir" exec java "${jdk_opts[@]}" "-Djava.io.tmpdir=$state_dir/tmp" \
    "-Dlog.file=$log_dir/cli.log" "-Dlog4j.configurationFile=file:$conf_dir/log4j.properties" \
    -cp "$cp" org.apache.flink.client.cli.CliFrontend "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  flink) shift; flink_cli "$@" ;;
  *) echo "usage: $0 start|stop|status|flink <flink command line>" >&2; exit 2 ;;
esac
