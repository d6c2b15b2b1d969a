#!/usr/bin/env bash
# End-to-end point-select throughput and round trips on sandbox servers (MySQL 8.0.15, MariaDB 10.11.5):
#   benchmarks/e2e.sh                                  # both flavours, 3 reps x 5 s at 1, 4, 16 threads
#   benchmarks/e2e.sh --flavors mariadb --seconds 3 --reps 3
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" io.cqrs.bench.e2e.EndToEndBench "$@"
