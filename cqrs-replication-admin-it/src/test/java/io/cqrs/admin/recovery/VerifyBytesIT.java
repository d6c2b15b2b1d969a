package io.cqrs.admin.recovery;

import io.cqrs.common.dialect.Dialect;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;

import java.util.List;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify compares the bytes of every value. A row's values in several character sets (cp932, latin1, utf8mb4)
 * were joined in one character set, where cp932's two codes for one character (ⅰ is 0xFA40, an IBM extension,
 * and 0xEEEF, its NEC-selected copy) are equal — or, for character sets that do not convert into each other,
 * the server refused the join ("Illegal mix of collations").
 */
class VerifyBytesIT {

    @SandboxTest
    void twoCodesOfOneCharacter_onTheReplicaAlone_areADifference(Sandbox sandbox, ServerFlavor flavor) throws Exception {
        String db = "vb_" + flavor.name().toLowerCase();
        exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, c VARCHAR(10) CHARACTER SET cp932, l VARCHAR(10) CHARACTER SET latin1,"
                        + " u VARCHAR(10) CHARACTER SET utf8mb4)",
                "INSERT INTO " + db + ".t VALUES (1, _cp932 0xFA40, 'é', '日本'), (2, 'x', 'y', 'z')");
        try {
            sandbox.sync();
            VerifyOptions options = VerifyOptions.defaults().tables(List.of(db + ".t"));
            assertThat(ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)), options).consistent()).isTrue();

            Dialect d = sandbox.dialect();
            exec(sandbox.replica(0), d.setReadOnly(false), d.disableSessionBinlog(),
                    "UPDATE " + db + ".t SET c = _cp932 0xEEEF WHERE id = 1", d.setReadOnly(true));
            assertThat(string(sandbox.replica(0), "SELECT CONVERT(c USING utf8mb4) = (SELECT CONVERT(_cp932 0xFA40 USING utf8mb4)) FROM "
                    + db + ".t WHERE id = 1")).as("the same character as the source's").isEqualTo("1");
            VerifyReport r = ConsistencyVerifier.verify(endpoint(sandbox.source()), endpoint(sandbox.replica(0)), options);
            assertThat(r.consistent()).as(r.toText()).isFalse();
            assertThat(r.mismatches()).hasSize(1);
        } finally {
            exec(sandbox.source(), "DROP DATABASE IF EXISTS " + db);
        }
    }
}
