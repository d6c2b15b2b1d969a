package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TsvEncoderTest {

    private static final TableSpec T = new TableSpec("db", "t", List.of("n", "s", "b"),
            List.of(ValueKind.NUMBER, ValueKind.TEXT, ValueKind.BINARY), List.of("n"), true, 0, true);

    /** A result set row of raw text-protocol bytes (null = SQL NULL). */
    private static ResultSet row(byte[]... values) {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, a) -> {
            if (m.getName().equals("getBytes")) {
                return values[(Integer) a[0] - 1];
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    /** {@code n} bytes of text with nothing to escape. */
    private static byte[] letters(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void escapesTheBytesLoadDataInterprets_writesNullAsBackslashN_andBinaryAsHex() throws Exception {
        TsvEncoder e = new TsvEncoder(1 << 20);
        assertThat(e.add(T, row(utf8("-1.5e3"), utf8("a\tb\nc\rd\\e\0f\u001a☃"), new byte[] {0, 9, 10, (byte) 0xFF}))).isFalse();
        e.add(T, row(utf8("2"), null, null));
        e.add(T, row(utf8("3"), utf8(""), new byte[0]));
        e.add(T, row(utf8("4"), utf8("\\N"), utf8("\\N")));
        String out = new String(Arrays.copyOf(e.buffer(), e.length()), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("-1.5e3\ta\\tb\\nc\\rd\\\\e\\0f\u001a☃\t00090AFF\n"
                + "2\t\\N\t\\N\n"
                + "3\t\t\n"
                + "4\t\\\\N\t5C4E\n");
        assertThat(e.rows()).isEqualTo(4);
        e.reset(e.buffer()); // the writer gave this batch's buffer back
        assertThat(e.length()).isZero();
        assertThat(e.rows()).isZero();
    }

    @Test
    void leavesOutARowWithAFieldLargerThanLoadDataTakesWell_unlessToldToTakeIt() throws Exception {
        TsvEncoder e = new TsvEncoder(64 << 20);
        e.add(T, row(utf8("1"), utf8("a"), null));
        int before = e.length();
        byte[] large = new byte[TsvEncoder.LARGE_FIELD / 2 + 1]; // one byte more than LARGE_FIELD once in hex
        assertThat(e.add(T, row(utf8("2"), utf8("b"), large))).isFalse();
        assertThat(e.tooLarge()).isTrue();
        assertThat(e.length()).as("the row's first fields taken back too").isEqualTo(before);
        assertThat(e.rows()).isEqualTo(1);

        assertThat(e.addAnyway(T, row(utf8("2"), utf8("b"), large))).isFalse();
        assertThat(e.tooLarge()).isFalse();
        assertThat(e.rows()).isEqualTo(2);
        assertThat(e.length()).isEqualTo(before + "2\tb\t".length() + 2 * large.length + 1);

        byte[] justFits = new byte[TsvEncoder.LARGE_FIELD / 2];
        e.add(T, row(utf8("3"), utf8("c"), justFits));
        assertThat(e.tooLarge()).isFalse();
        assertThat(e.rows()).isEqualTo(3);
    }

    @Test
    void saysWhenTheBatchIsFull_andGrowsPastItsInitialBuffer() throws Exception {
        TsvEncoder e = new TsvEncoder(100_000);
        byte[] big = letters(30_000);
        assertThat(e.add(T, row(utf8("1"), big, null))).isFalse();
        assertThat(e.add(T, row(utf8("2"), big, null))).isFalse();
        assertThat(e.add(T, row(utf8("3"), big, big))).isTrue(); // 30 KB of text + 60 KB of hex
        assertThat(e.length()).isEqualTo(2 * ("1\t".length() + 30_000 + "\t\\N\n".length()) + "3\t".length() + 30_000 + 1 + 60_000 + 1);
    }

    @Test
    void aBufferGrownByALargeValue_isLetGoWhenItsBatchIsDone_aNormalOneIsKept() throws Exception {
        TsvEncoder e = new TsvEncoder(100_000);
        byte[] big = letters(60_000);
        e.add(T, row(utf8("1"), big, null));
        e.add(T, row(utf8("2"), big, null)); // 120 KB: a full batch, within twice its size
        int normal = e.buffer().length;
        e.reset(e.buffer()); // the writer gave this batch's buffer back
        assertThat(e.buffer().length).isEqualTo(normal);

        e.addAnyway(T, row(utf8("3"), utf8("c"), new byte[TsvEncoder.LARGE_FIELD])); // 2 MiB of hex
        assertThat(e.buffer().length).isGreaterThan(2 * 100_000);
        e.reset(e.buffer()); // the writer gave this batch's buffer back
        assertThat(e.buffer().length).isEqualTo(TsvEncoder.INITIAL_BYTES);
    }

    @Test
    void aBatchHandedOver_isNotWrittenAgain_theNextGoesInTheBufferGivenBack_orInANewOneOfTheSameSize() throws Exception {
        TsvEncoder e = new TsvEncoder(100_000);
        byte[] big = letters(60_000);
        e.add(T, row(utf8("1"), big, null));
        byte[] handedOver = e.buffer();
        byte[] copy = Arrays.copyOf(handedOver, e.length());

        e.reset(null); // the writer keeps the batch until it is loaded and has no buffer to give back
        e.add(T, row(utf8("2"), utf8("y"), null));
        assertThat(e.buffer() != handedOver).isTrue();
        assertThat(e.buffer().length).isEqualTo(handedOver.length);
        assertThat(Arrays.copyOf(handedOver, copy.length)).isEqualTo(copy);

        byte[] given = new byte[200_000];
        e.reset(given);
        e.add(T, row(utf8("3"), utf8("z"), null));
        assertThat(e.buffer() == given).isTrue();
        assertThat(new String(given, 0, e.length(), StandardCharsets.UTF_8)).isEqualTo("3\tz\t\\N\n");

        byte[] grown = new byte[TsvEncoder.LARGE_FIELD * 4]; // grown by a large value elsewhere: not gone on with
        e.reset(grown);
        assertThat(e.buffer() != grown).isTrue();
        assertThat(e.buffer().length).isEqualTo(given.length);
    }

    @Test
    void loadStatement_namesEveryColumn_andUnhexesBinaryOnes() {
        assertThat(LoadPipeline.loadStatement(T)).isEqualTo("LOAD DATA LOCAL INFILE 'cqrs-copy' INTO TABLE `db`.`t` CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (`n`,`s`,@c2) SET `b` = UNHEX(@c2)");
    }
}
