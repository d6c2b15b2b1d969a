package io.cqrs.admin.recovery;

import io.cqrs.common.ServerFlavor;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.cqrs.sandbox.SandboxTools.await;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/** verify and tables without transactions (MyISAM), written to while it runs. */
class VerifyNonTransactionalIT {

    /**
     * A MyISAM table is outside the consistent snapshots: read after the lock on each side, under writes it showed
     * differences that were not there. It is compared while the source is locked and the replica's applier stands
     * at the same GTIDs.
     */
    @SandboxTest
    void myisamTableWrittenDuringVerify_comparesEqual(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "vm_" + flavor.name().toLowerCase();
        exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".log (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20)) ENGINE=MyISAM",
                "INSERT INTO " + db + ".log (v) VALUES ('before')");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = sandbox.source().connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.execute("INSERT INTO " + db + ".log (v) VALUES ('during')");
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "myisam-writer");
        try {
            sandbox.sync();
            writer.start();
            await("the writer under way", Duration.ofSeconds(10), () -> written.get() >= 20);
            for (int i = 0; i < 3; i++) {
                VerifyReport r = ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)),
                        VerifyOptions.defaults().tables(List.of(db + ".log")));
                assertThat(r.consistent()).as("run %d: %s", i, r.toText()).isTrue();
            }
        } finally {
            stop.set(true);
            writer.join();
            exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db);
        }
    }
}
