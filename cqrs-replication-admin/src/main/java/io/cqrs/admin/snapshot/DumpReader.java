package io.cqrs.admin.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/**
 * Reads a dump file line by line (lines are ISO-8859-1 strings, one char per byte, so splitting
 * and checksums see the file's exact bytes; {@link #utf8(String)} gives the text to execute),
 * gunzipping when the file starts with the gzip magic, and keeping a CRC-32 of every line except
 * our completion marker.
 */
final class DumpReader implements AutoCloseable {

    private static final byte[] MARKER = DumpFileSink.COMPLETION.getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final boolean gzip;
    private final CRC32 crc = new CRC32();
    private byte[] line = new byte[8192];
    private long bytes;
    private long lineNumber;

    DumpReader(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        gzip = b1 == 0x1f && b2 == 0x8b;
        in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    boolean gzip() {
        return gzip;
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        int len = 0;
        int b;
        boolean newline = false;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                newline = true;
                break;
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[len++] = (byte) b;
        }
        if (len == 0 && !newline) {
            return null;
        }
        lineNumber++;
        int counted = len + (newline ? 1 : 0);
        bytes += counted;
        if (!startsWith(line, len, MARKER)) {
            crc.update(line, 0, len);
            if (newline) {
                crc.update('\n');
            }
        }
        int end = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        return new String(line, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The text of a byte-per-char string read as UTF-8 (dumps are UTF-8; validation rejects other bytes). */
    static String utf8(String bytesAsChars) {
        return new String(bytesAsChars.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** True when the string's bytes are valid UTF-8. */
    static boolean validUtf8(String bytesAsChars) {
        for (int i = 0; i < bytesAsChars.length(); i++) {
            if (bytesAsChars.charAt(i) >= 0x80) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytesAsChars.getBytes(StandardCharsets.ISO_8859_1)));
                    return true;
                } catch (java.nio.charset.CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Uncompressed bytes read so far. */
    long bytes() {
        return bytes;
    }

    long crc() {
        return crc.getValue();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
