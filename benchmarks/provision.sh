#!/usr/bin/env bash
# Provisioning a replica on the sandbox: cqrs DirectCopySink vs mariadb-dump | mariadb vs mydumper/myloader.
#   benchmarks/provision.sh                                   # MariaDB, 1M order_items rows, 3 repetitions
#   benchmarks/provision.sh --flavors mariadb,mysql --rows 300000 --reps 3
#   benchmarks/provision.sh --flavors mysql,mariadb --shape one-large --no-inserts-only   # issue #18: one 1M-row table
#   benchmarks/provision.sh --flavors mysql,mariadb --shape many-tables --no-inserts-only --rows 600000   # 300 tables of 2,000 rows
# mydumper/myloader: Debian's package (0.10) is installed when missing and this runs as root;
# otherwise that method is skipped and the output says so.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v mydumper >/dev/null || ! command -v myloader >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing mydumper (Debian package)" >&2
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends mydumper >&2 \
      || echo "mydumper could not be installed; its method is skipped" >&2
  else
    echo "mydumper/myloader missing and not root (or no apt-get): that method is skipped" >&2
  fi
fi
mvn -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
# this checkout's classes first: bench.classpath names the installed jars in ~/.m2, which may be another build's
MODULES="benchmarks/target/classes:cqrs-replication-admin/target/classes:cqrs-common/target/classes:cqrs-sandbox/target/classes:cqrs-routing/target/classes"
# the CLI's JVM options (bin/jvm.options: the copy measured as the CLI runs it), then BENCH_JAVA_OPTS
exec java -Xms1g -Xmx1g $("$ROOT/bin/jvm-options") ${BENCH_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$MODULES:$(cat benchmarks/target/bench.classpath)" io.cqrs.bench.provision.ProvisionBench "$@"
