package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkTest {

    @Test
    void utf8Length_isTheEncodedSize_withoutEncoding() {
        for (String s : new String[] {"", "INSERT INTO t VALUES (1,'a')", "café ÿ", "金", "😀 and 𝄞", "mixed é金😀\u0000\n'"}) {
            assertThat(Chunk.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
