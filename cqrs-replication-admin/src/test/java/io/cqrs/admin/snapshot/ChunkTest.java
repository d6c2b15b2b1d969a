package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkTest {

    @Test
    void utf8Length_isTheEncodedSize_withoutEncoding() {
        for (String s : new String[] {"", "INSERT INTO t VALUES (1,'a')", "café ÿ", "金", "😀 and 𝄞", "mixed é金😀\u0000\n'"}) {
            assertThat(Chunk.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static TableSpec table(long estimatedRows) {
        return new TableSpec("db", "t", List.of("id"), List.of(ValueKind.NUMBER), List.of("id"), true, estimatedRows, true);
    }

    /** The chunks cover [min, max] exactly once, in key order, with no gap and no overlap. */
    private static void assertCovers(List<Chunk> chunks, long min, long max) {
        assertThat(chunks.get(0).from()).isEqualTo(min);
        assertThat(chunks.get(chunks.size() - 1).to()).isEqualTo(max);
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(chunks.get(i).to()).isGreaterThanOrEqualTo(chunks.get(i).from());
            if (i > 0) {
                assertThat(chunks.get(i).from()).isEqualTo(chunks.get(i - 1).to() + 1);
            }
        }
    }

    @Test
    void ranges_ofADenseKey_followTheEstimate() {
        List<Chunk> chunks = Chunk.ranges(table(1_000_000), 1, 1_000_000, 10_000);
        assertThat(chunks).hasSize(100);
        assertCovers(chunks, 1, 1_000_000);
        assertThat(chunks.get(0).to()).isEqualTo(10_000);
    }

    @Test
    void ranges_ofASparseKey_areAsManyAsTheRowsNeed_notAsTheSpanSuggests() {
        List<Chunk> chunks = Chunk.ranges(table(1_000), 1, 1_000_000_000_000L, 10_000);
        assertThat(chunks).hasSize(1);
        assertCovers(chunks, 1, 1_000_000_000_000L);
        List<Chunk> some = Chunk.ranges(table(50_000), -5, 1_000_000_000_000L, 10_000);
        assertThat(some).hasSize(5);
        assertCovers(some, -5, 1_000_000_000_000L);
    }

    @Test
    void ranges_withoutAnEstimate_splitTheSpan_upToALimit() {
        assertThat(Chunk.ranges(table(0), 1, 30_000, 10_000)).hasSize(3);
        List<Chunk> wide = Chunk.ranges(table(0), 1, 1_000_000_000L, 10_000);
        assertThat(wide).hasSize(Chunk.MAX_CHUNKS_WITHOUT_ESTIMATE);
        assertCovers(wide, 1, 1_000_000_000L);
    }

    @Test
    void ranges_ofOneValue_andOfTheWholeBigintRange_coverEveryKey() {
        assertThat(Chunk.ranges(table(1), 7, 7, 10_000)).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(7);
            assertThat(c.to()).isEqualTo(7);
        });
        List<Chunk> all = Chunk.ranges(table(10_000_000), Long.MIN_VALUE, Long.MAX_VALUE, 10_000);
        assertCovers(all, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(all).as("split as the estimate says, although the span exceeds a long").hasSize(1_000);
        assertThat(Chunk.ranges(table(20_000), -808, Long.MAX_VALUE, 10_000)).hasSize(2);
        List<Chunk> upper = Chunk.ranges(table(10_000_000), Long.MAX_VALUE - 5_000_000, Long.MAX_VALUE, 10_000);
        assertCovers(upper, Long.MAX_VALUE - 5_000_000, Long.MAX_VALUE);
        assertThat(upper).hasSize(501);
    }

    @Test
    void unsignedKey_isChunkedInUnsignedOrder_acrossTwoToTheSixtyThree() {
        long lo = Long.parseUnsignedLong("9223372036854775000"); // below 2^63
        long hi = Long.parseUnsignedLong("18446744073709551615"); // 2^64 - 1
        List<Chunk> chunks = Chunk.ranges(table(3_000), Chunk.signedOrder(lo), Chunk.signedOrder(hi), 1_000, true);
        assertCovers(chunks, Chunk.signedOrder(lo), Chunk.signedOrder(hi));
        assertThat(chunks).hasSize(3).allMatch(Chunk::unsigned);
        assertThat(Long.toUnsignedString(Chunk.signedOrder(chunks.get(0).from()))).isEqualTo("9223372036854775000");
        assertThat(Long.toUnsignedString(Chunk.signedOrder(chunks.get(2).to()))).isEqualTo("18446744073709551615");
        for (Chunk c : chunks) { // in unsigned order, as the server compares them
            assertThat(Long.compareUnsigned(Chunk.signedOrder(c.from()), Chunk.signedOrder(c.to()))).isLessThanOrEqualTo(0);
        }
    }
}
