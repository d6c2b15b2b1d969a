package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import java.util.List;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SqlValuesTest {

    private static String lit(String raw, ValueKind kind) {
        StringBuilder sb = new StringBuilder();
        SqlValues.append(sb, raw == null ? null : raw.getBytes(StandardCharsets.UTF_8), kind);
        return sb.toString();
    }

    @Test
    void nullIsNull_forEveryKind() {
        for (ValueKind k : ValueKind.values()) {
            assertThat(lit(null, k)).isEqualTo("NULL");
        }
    }

    @Test
    void numbersAndDecimals_areWrittenAsTheServerPrintedThem() {
        assertThat(lit("-12.345", ValueKind.NUMBER)).isEqualTo("-12.345");
        assertThat(lit("18446744073709551615", ValueKind.NUMBER)).isEqualTo("18446744073709551615");
        assertThat(lit("1.5e-7", ValueKind.NUMBER)).isEqualTo("1.5e-7");
    }

    @Test
    void text_isQuotedWithEveryDangerousCharacterEscaped() {
        assertThat(lit("it's a \\ \"x\"\n\r\0\u001a日本", ValueKind.TEXT)).isEqualTo("'it\\'s a \\\\ \"x\"\\n\\r\\0\\Z日本'");
        assertThat(lit("", ValueKind.TEXT)).isEqualTo("''");
    }

    @Test
    void datesAndJson_areQuotedText() {
        assertThat(lit("2024-02-29 23:59:59.123456", ValueKind.TEXT)).isEqualTo("'2024-02-29 23:59:59.123456'");
        assertThat(lit("{\"a\": [1, \"x'y\"]}", ValueKind.TEXT)).isEqualTo("'{\"a\": [1, \"x\\'y\"]}'");
    }

    @Test
    void binary_isHex_andEmptyBinaryIsAnEmptyString() {
        StringBuilder sb = new StringBuilder();
        SqlValues.append(sb, new byte[] {0, (byte) 0xFF, 0x27, 0x5c}, ValueKind.BINARY);
        assertThat(sb).hasToString("0x00FF275C");
        sb.setLength(0);
        SqlValues.append(sb, new byte[0], ValueKind.BINARY);
        assertThat(sb).hasToString("''");
    }

    @Test
    void kinds_followTheColumnType() {
        assertThat(ValueKind.of("DECIMAL")).isEqualTo(ValueKind.NUMBER);
        assertThat(ValueKind.of("varbinary")).isEqualTo(ValueKind.BINARY);
        assertThat(ValueKind.of("bit")).isEqualTo(ValueKind.BINARY);
        assertThat(ValueKind.of("json")).isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of("datetime")).isEqualTo(ValueKind.TEXT);
        assertThat(SqlValues.identifier("we`ird")).isEqualTo("`we``ird`");
    }

    @Test
    void textInACharacterSetUnicodeCannotCarry_isReadAndWrittenAsItsBytes() {
        assertThat(ValueKind.of("varchar", "sjis")).isEqualTo(ValueKind.RAW_TEXT);
        assertThat(ValueKind.of("TEXT", "cp932")).isEqualTo(ValueKind.RAW_TEXT);
        assertThat(ValueKind.of("char", "eucjpms")).isEqualTo(ValueKind.RAW_TEXT);
        assertThat(ValueKind.of("varchar", "utf8mb4")).isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of("varchar", "latin1")).isEqualTo(ValueKind.TEXT); // MySQL's latin1 maps every byte and back
        assertThat(ValueKind.of("enum", "sjis")).as("ENUM/SET values come from the definition").isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of("int", null)).isEqualTo(ValueKind.NUMBER);
        assertThat(ValueKind.RAW_TEXT.hex()).isTrue();
        assertThat(ValueKind.TEXT.hex()).isFalse();

        StringBuilder sb = new StringBuilder();
        SqlValues.append(sb, new byte[] {(byte) 0x95, 0x5C}, ValueKind.RAW_TEXT); // 表 in sjis: its second byte is a backslash
        assertThat(sb).hasToString("0x955C");
        TableSpec t = new TableSpec("db", "t", List.of("id", "k"), List.of(ValueKind.NUMBER, ValueKind.RAW_TEXT), List.of("id"), true, 1, true);
        assertThat(t.selectList()).isEqualTo("`id`,CAST(`k` AS BINARY) AS `k`");
        assertThat(LoadPipeline.loadStatement(t)).contains("(`id`,@c1) SET `k` = UNHEX(@c1)");
    }
}
