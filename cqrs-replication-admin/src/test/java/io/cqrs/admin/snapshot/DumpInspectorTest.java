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

    /** The shape of {@code mariadb-dump sample_db} (one database, no --databases: no CREATE DATABASE, no USE). */
    static final String SINGLE_DATABASE = """
            -- MariaDB dump 10.19  Distrib 10.11.5-MariaDB, for linux-systemd (x86_64)
            --
            -- Host: 127.0.0.1    Database: sample_db
            -- ------------------------------------------------------
            -- Server version	10.11.5-MariaDB-log

            /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
            /*!40101 SET NAMES utf8mb4 */;
            /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

            --
            -- GTID to start replication from
            --

            -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
            -- SET GLOBAL gtid_slave_pos='0-1-31';

            --
            -- Table structure for table `categories`
            --

            DROP TABLE IF EXISTS `categories`;
            /*!40101 SET @saved_cs_client     = @@character_set_client */;
            CREATE TABLE `categories` (
              `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
              `name` varchar(100) NOT NULL,
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

            LOCK TABLES `categories` WRITE;
            /*!40000 ALTER TABLE `categories` DISABLE KEYS */;
            INSERT INTO `categories` VALUES
            (1,'Things — «ü» 日本'),
            (2,'a),(b'),
            (3,'it\\'s (x)');
            /*!40000 ALTER TABLE `categories` ENABLE KEYS */;
            UNLOCK TABLES;
            /*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

            -- Dump completed on 2026-12-02  0:51:52
            """;

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void singleDatabaseDump_withoutADatabase_isRejectedAtItsFirstTableStatement_namingTheFix(@TempDir Path dir) throws Exception {
        Path f = write(dir, "single.sql", SINGLE_DATABASE);
        long line = SINGLE_DATABASE.lines().takeWhile(l -> !l.startsWith("DROP TABLE")).count() + 1;

        assertThatThrownBy(() -> DumpInspector.inspect(f, RestoreOptions.defaults()))
                .isInstanceOf(DumpRejectedException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line " + line + " (DROP TABLE IF EXISTS `categories`) needs a default database")
                .hasMessageContaining("Nothing was changed on the target")
                .hasMessageContaining("--database NAME")
                .hasMessageContaining("RestoreOptions.builder().database(\"NAME\")");

        DumpInfo named = DumpInspector.inspect(f, RestoreOptions.builder().database("copy").build());
        assertThat(named.format()).isEqualTo(DumpFormat.MARIADB_DUMP);
        assertThat(named.gtidPosition()).contains("0-1-31");
        assertThat(named.rows()).isEqualTo(3);
        assertThat(DumpInspector.inspect(f, true).rows()).as("start-replication's read of the GTID needs no database").isEqualTo(3);
    }

    @Test
    void dumpsThatSelectOrNameTheirDatabase_needNone(@TempDir Path dir) throws Exception {
        String withUse = SINGLE_DATABASE.replace("DROP TABLE IF EXISTS `categories`;",
                "CREATE DATABASE /*!32312 IF NOT EXISTS*/ `sample_db`;\n\nUSE `sample_db`;\n\nDROP TABLE IF EXISTS `categories`;");
        assertThat(DumpInspector.inspect(write(dir, "use.sql", withUse), RestoreOptions.defaults()).rows()).isEqualTo(3);
        String qualified = SINGLE_DATABASE.replace("`categories`", "`sample_db`.`categories`");
        assertThat(DumpInspector.inspect(write(dir, "qualified.sql", qualified), RestoreOptions.defaults()).statements()).isPositive();
    }

    @Test
    void needsDefaultDatabase_readsTheStatementsDumpsStartWith() {
        for (String s : List.of("DROP TABLE IF EXISTS `t`", "CREATE TABLE `t` (id INT)", "create table if not exists t(id int)",
                "INSERT INTO `t` VALUES (1)", "INSERT IGNORE INTO t VALUES (1)", "REPLACE INTO `t` VALUES (1)", "LOCK TABLES `t` WRITE",
                "/*!40000 ALTER TABLE `t` DISABLE KEYS */", "TRUNCATE TABLE `t`", "/*!50001 DROP VIEW IF EXISTS `v`*/",
                "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS SELECT 1",
                "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`()\nBEGIN SELECT 1; END", "DELETE FROM `t`", "INSERT INTO `a``b` VALUES (1)")) {
            assertThat(DumpStatements.needsDefaultDatabase(s)).as(s).isTrue();
        }
        for (String s : List.of("DROP TABLE IF EXISTS `db`.`t`", "CREATE TABLE db . t (id INT)", "INSERT INTO `d`.`t` VALUES (1)",
                "CREATE DATABASE `x`", "DROP DATABASE IF EXISTS `x`", "SET NAMES utf8mb4", "/*!40101 SET @a = 1 */", "UNLOCK TABLES",
                "USE `x`", "SELECT * FROM t", "DROP PROCEDURE IF EXISTS `p`".replace("PROCEDURE", "USER"))) {
            assertThat(DumpStatements.needsDefaultDatabase(s)).as(s).isFalse();
        }
        assertThat(DumpStatements.selectsDatabase("USE `sample_db`")).isTrue();
        assertThat(DumpStatements.selectsDatabase("/*!40000 USE db */")).isTrue();
        assertThat(DumpStatements.selectsDatabase("USER()")).isFalse();
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

    @Test
    void truncationExcerpts_showTheDumpsUtf8Text(@TempDir Path dir) throws Exception {
        Path cut = write(dir, "cut.sql", "SET NAMES utf8mb4;\nINSERT INTO `d`.`名前` VALUES (1,'名前 «ü»')");
        assertThatThrownBy(() -> DumpInspector.inspect(cut, false))
                .isInstanceOf(DumpRejectedException.class)
                .hasMessageContaining("truncated: the statement starting at line 2 has no terminating ';' (INSERT INTO `d`.`名前` VALUES (1,'名前 «ü»'))");
        Path noMarker = write(dir, "nomarker.sql", SINGLE_DATABASE.replace("-- Dump completed on 2026-12-02  0:51:52\n", "")
                .replace("/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;", "SELECT '名前';"));
        assertThatThrownBy(() -> DumpInspector.inspect(noMarker, RestoreOptions.builder().database("x").build()))
                .isInstanceOf(DumpRejectedException.class)
                .hasMessageContaining("(last line ")
                .hasMessageContaining(": SELECT '名前';)");
        String longLine = "SELECT '" + "日本".repeat(100) + "'";
        assertThat(DumpReader.excerpt(new String(longLine.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), 20))
                .isEqualTo("SELECT '日本日本日本日本日本日本...");
    }
}
