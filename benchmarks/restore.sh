#!/usr/bin/env bash
# Restoring a dump on the sandbox: cqrs Restorer (in process and as bin/cqrs-admin) vs the mariadb client,
# on a mariadb-dump file and on our own dump, same target server, rotated order, medians.
#   benchmarks/restore.sh                                   # MariaDB, 100k order_items, 5 repetitions
#   benchmarks/restore.sh --flavors mariadb,mysql --rows 100000 --reps 5 [--no-cli]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
bin/cqrs-admin --version >/dev/null   # builds the CLI now if needed, so no timed run includes a build
# the CLI's JVM options (bin/jvm.options: the copy measured as the CLI runs it), then BENCH_JAVA_OPTS
exec java -Xms1g -Xmx1g $("$ROOT/bin/jvm-options") ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)" io.cqrs.bench.restore.RestoreBench "$@"
