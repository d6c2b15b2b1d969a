package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class DumpReaderTest {

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void utf8Check_agreesWithTheJdkDecoder_onEveryOneToThreeByteSequence_andOnRandomBytes() {
        for (int a = 0; a < 256; a++) {
            byte[] one = {(byte) a};
            assertThat(DumpReader.validUtf8(one, 0, 1)).as("%02x", a).isEqualTo(jdkAccepts(one));
            for (int b = 0; b < 256; b++) {
                byte[] two = {(byte) a, (byte) b};
                assertThat(DumpReader.validUtf8(two, 0, 2)).as("%02x %02x", a, b).isEqualTo(jdkAccepts(two));
                if (a >= 0xe0) {
                    for (int c = 0x70; c < 0xd0; c++) {
                        byte[] three = {(byte) a, (byte) b, (byte) c};
                        assertThat(DumpReader.validUtf8(three, 0, 3)).as("%02x %02x %02x", a, b, c).isEqualTo(jdkAccepts(three));
                    }
                }
            }
        }
        Random random = new Random(1);
        byte[] pool = "aé名😀\u0080".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[random.nextInt(9)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextBoolean() ? pool[random.nextInt(pool.length)] : (byte) random.nextInt(256);
            }
            assertThat(DumpReader.validUtf8(b, 0, b.length)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void linesCrcAndSizes_areTheFilesBytes_plainAndGzip_withLinesLongerThanTheReadBlock(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("-- first\r\n\nshort\n");
        sb.append("x".repeat(200_000)).append("名\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append("(").append(i).append(",'é'),\n");
        }
        sb.append("last line without newline");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path plain = dir.resolve("d.sql");
        Files.write(plain, bytes);
        Path gz = dir.resolve("d.sql.gz");
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(z)) {
            o.write(bytes);
        }
        Files.write(gz, z.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(bytes);
        List<String> expected = new ArrayList<>();
        for (String l : new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            expected.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        for (Path f : List.of(plain, gz)) {
            List<String> lines = new ArrayList<>();
            try (DumpReader r = new DumpReader(f)) {
                String l;
                while ((l = r.next()) != null) {
                    lines.add(l);
                    assertThat(r.lineIsUtf8()).isTrue();
                }
                assertThat(r.gzip()).isEqualTo(f == gz);
                assertThat(r.bytes()).isEqualTo(bytes.length);
                assertThat(r.crc()).isEqualTo(crc.getValue());
                assertThat(r.lineNumber()).isEqualTo(expected.size());
                assertThat(r.fileBytes()).isEqualTo(Files.size(f));
            }
            assertThat(lines).isEqualTo(expected);
        }
    }
}
