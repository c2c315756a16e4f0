#!/usr/bin/env bash
# Runs the demo (dev.nudge.demo.DemoMain) from the built modules: ./nudge demo builds them first.
# Options go to the demo: --customers 2000 --days 30 --seed 42
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/.nudge/tmp"
classpath_file="$root/.nudge/demo.classpath"
# Runtime scope only: the test jars of Flink carry a log4j2-test config that would win over the demo's own.
(cd "$root" && mvn -B -q -pl demo dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath_file" >/dev/null)
exec java -Xmx3g -Dnudge.root="$root" -Dnudge.demo.log="$root/.nudge/demo.log" \
  -Djava.io.tmpdir="$root/.nudge/tmp" -Dsun.net.httpserver.nodelay=true \
  -cp "$root/demo/target/classes:$(cat "$classpath_file")" dev.nudge.demo.DemoMain "$@"
