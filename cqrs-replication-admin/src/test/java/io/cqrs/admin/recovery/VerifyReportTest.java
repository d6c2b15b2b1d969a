package io.cqrs.admin.recovery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyReportTest {

    @Test
    void text_namesSourceThenReplica_inTheOrderOfItsNumbers_withZeroPaddedChecksums() {
        VerifyReport.ChunkMismatch m = new VerifyReport.ChunkMismatch("sample_db.t", "10", "20", 10, 9,
                VerifyReport.checksumText(0x00ab_cdefL), VerifyReport.checksumText(-1L));
        VerifyReport r = new VerifyReport("127.0.0.1:3306", "127.0.0.1:3307", "u:1-9", true,
                List.of(new VerifyReport.TableResult("sample_db.t", List.of("id"), 3, 30, 29, null, List.of(m))));

        String text = r.toText();

        assertThat(text).startsWith("DIFFERENT: source 127.0.0.1:3306 vs replica 127.0.0.1:3307 at GTIDs u:1-9");
        assertThat(text).contains("rows (source / replica) 30 / 29");
        assertThat(text).contains("rows 10 / 9, checksum 0000000000abcdef / ffffffffffffffff");
    }
}
