package io.cqrs.admin.snapshot;

import io.cqrs.admin.Progress;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotProgressIT {

    /**
     * MySQL 8.0 answers information_schema.TABLES from a statistics cache kept for a day
     * (information_schema_stats_expiry): a table looked at with 5 rows and filled since still
     * shows 5, and the snapshot's progress said "10,005/~5 rows ... ETA 0.0s". Both flavours also
     * reload a table's estimate from stale persistent statistics at the snapshot's FLUSH TABLES.
     * The total comes from fresh statistics read before the flush (planning no longer counts
     * rows: a COUNT(*) scanned a large table before its first row was copied), and no report shows
     * an ETA once the rows reach their total.
     */
    @SandboxTest
    void rowTotals_areCurrent_althoughMysqlCachesTableStatistics(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "stats_" + flavor.name().toLowerCase();
        exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".keyed (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE " + db + ".by_name (k VARCHAR(20) PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".keyed VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')",
                "INSERT INTO " + db + ".by_name VALUES ('a',1),('b',2),('c',3),('d',4),('e',5)");
        String estimates = "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db + "'";
        assertThat(string(sandbox.source(), estimates)).isEqualTo("10"); // MySQL caches this
        StringBuilder keyed = new StringBuilder("INSERT INTO " + db + ".keyed VALUES (6,'x')");
        StringBuilder byName = new StringBuilder("INSERT INTO " + db + ".by_name VALUES ('k6',6)");
        for (int i = 7; i <= 10_005; i++) {
            keyed.append(",(").append(i).append(",'x')");
            byName.append(",('k").append(i).append("',").append(i).append(')');
        }
        exec(sandbox.source(), keyed.toString(), byName.toString());
        if (flavor == ServerFlavor.MYSQL) {
            assertThat(string(sandbox.source(), estimates)).as("MySQL 8.0's cached statistics (what the totals came from)").isEqualTo("10");
        }

        List<Progress> events = new CopyOnWriteArrayList<>();
        Path file = Files.createTempDirectory("stats").resolve("stats.sql");
        SnapshotResult r = Snapshotter.snapshot(endpoint(sandbox.source()),
                SnapshotOptions.builder().databases(db).chunkRows(1_000).progress(events::add).build(), DumpFileSink.of(file));

        assertThat(r.rows()).isEqualTo(20_010);
        Progress last = events.get(events.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.rows()).isEqualTo(20_010);
        // both tables: InnoDB's current estimate (about 10,005 each, not 5)
        assertThat(last.rowsTotal()).isBetween(15_000L, 25_000L);
        assertThat(events).allSatisfy(p -> {
            if (!p.done() && p.eta().isPresent()) {
                assertThat(p.rows()).as("an ETA only below the total: %s", p.describe()).isLessThan(p.rowsTotal());
            }
        });
    }
}
