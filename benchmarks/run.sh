#!/usr/bin/env bash
# Runs a JMH suite of this module: benchmarks/run.sh [JMH args], e.g.
#   benchmarks/run.sh StubOverheadBenchmark           # routing overhead on the no-I/O stub driver
#   benchmarks/run.sh StubOverheadBenchmark -f 1 -wi 2 -i 3   # quicker
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" org.openjdk.jmh.Main "$@"
