package io.cqrs.admin.snapshot;

import io.cqrs.admin.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation without a server: what a dump must look like before restore touches anything. */
class DumpInspectorTest {

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void rowsOfMysqldumpsInserts_areCounted_andValidationReportsItsProgress(@TempDir Path dir) throws Exception {
        Path f = write(dir, "mysqldump.sql", new String(DumpInspectorTest.class.getResourceAsStream("/fixtures/mysqldump-8.0.sql").readAllBytes(),
                StandardCharsets.UTF_8));
        List<Progress> reports = new ArrayList<>();
        DumpInfo info = DumpInspector.inspect(f, RestoreOptions.builder().progress(reports::add).build());
        assertThat(info.rows()).as("(1,'Books','a; b -- not a comment'),(2,'Café;\\\"quoted\\\"',...),(3,'Toys',NULL)").isEqualTo(3);
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.phase()).isEqualTo("validate");
        assertThat(last.done()).isTrue();
        assertThat(last.bytes()).isEqualTo(Files.size(f)).isEqualTo(last.bytesTotal());
        assertThat(last.rows()).isEqualTo(3);
        assertThat(last.statements()).isEqualTo(info.statements());
    }

    @Test
    void validationProgress_ofABigGzipDump_movesWithTheCompressedBytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.sql.gz");
        long rows = 300_000;
        try (var out = new java.io.PrintStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(f)), false, StandardCharsets.UTF_8)) {
            out.print("SET NAMES utf8mb4;\nINSERT INTO `d`.`t` VALUES\n");
            java.util.Random random = new java.util.Random(3);
            for (long i = 1; i <= rows; i++) {
                out.print("(" + i + ",'" + Long.toHexString(random.nextLong()) + " ),( 名前'," + random.nextInt() + ")" + (i < rows ? ",\n" : ";\n"));
            }
        }
        List<Progress> reports = new ArrayList<>();
        DumpInfo info = DumpInspector.inspect(f, RestoreOptions.builder().requireCompletionMarker(false).progress(reports::add).build());
        assertThat(info.rows()).isEqualTo(rows);
        assertThat(info.gzip()).isTrue();
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.bytes()).as("compressed bytes read").isEqualTo(Files.size(f)).isEqualTo(last.bytesTotal());
        assertThat(last.rows()).isEqualTo(rows);
        assertThat(reports).allSatisfy(p -> assertThat(p.bytes()).isLessThanOrEqualTo(Files.size(f)));
    }
}
