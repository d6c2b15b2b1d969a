#!/usr/bin/env bash
# Chaos soak on sandbox servers (MySQL 8.0.15, MariaDB 10.11.5): a mixed workload while fault cycles repeat
#   benchmarks/chaos.sh --duration 10m --flavors mysql,mariadb   # report + timeline PNG per flavour in benchmarks/results/
#   benchmarks/chaos.sh --duration 3m --flavors mariadb
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec java -Xms512m -Xmx1g -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" io.cqrs.bench.chaos.ChaosSoak "$@"
