package io.cqrs.admin.snapshot;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
 * our completion marker. Reads in 64 KB blocks and finds line ends in them (no call per byte).
 */
final class DumpReader implements AutoCloseable {

    private static final byte[] MARKER = DumpFileSink.COMPLETION.getBytes(StandardCharsets.US_ASCII);

    private final Counting file;
    private final InputStream in;
    private final boolean gzip;
    private final CRC32 crc = new CRC32();
    private final byte[] block = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[8192];
    private int length;
    private boolean ascii;
    private long bytes;
    private long lineNumber;

    DumpReader(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        gzip = b1 == 0x1f && b2 == 0x8b;
        this.file = new Counting(raw);
        in = gzip ? new GZIPInputStream(this.file, 1 << 16) : this.file;
    }

    boolean gzip() {
        return gzip;
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        length = 0;
        int bits = 0; // the line's bytes or'ed: negative when one is not ASCII
        boolean newline = false;
        while (true) {
            if (pos == limit && !fill()) {
                break;
            }
            int start = pos;
            int i = start;
            byte[] b = block;
            int end = limit;
            while (i < end) {
                byte x = b[i];
                if (x == '\n') {
                    break;
                }
                bits |= x;
                i++;
            }
            int n = i - start;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(b, start, line, length, n);
            length += n;
            if (i < end) {
                pos = i + 1;
                newline = true;
                break;
            }
            pos = end;
        }
        if (length == 0 && !newline) {
            return null;
        }
        ascii = bits >= 0;
        lineNumber++;
        bytes += length + (newline ? 1 : 0);
        if (!startsWith(line, length, MARKER)) {
            crc.update(line, 0, length);
            if (newline) {
                crc.update('\n');
            }
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.ISO_8859_1);
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(block, 0, block.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
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

    /** True when the bytes of the line {@link #next()} returned last are valid UTF-8. */
    boolean lineIsUtf8() {
        return ascii || validUtf8(line, 0, length);
    }

    /**
     * Strict UTF-8 (what the JDK's decoder accepts: no overlong forms, no surrogates, nothing
     * above U+10FFFF), checked in place without decoding.
     */
    static boolean validUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                if (c == 0xe0) {
                    lo = 0xa0;
                } else if (c == 0xed) {
                    hi = 0x9f;
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                if (c == 0xf0) {
                    lo = 0x90;
                } else if (c == 0xf4) {
                    hi = 0x8f;
                }
            } else {
                return false;
            }
            if (i + need >= to) { // cut off by the end of the line
                return false;
            }
            int second = b[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int cont = b[i + k] & 0xff;
                if (cont < 0x80 || cont > 0xbf) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }

    /** The text of a byte-per-char string read as UTF-8 (dumps are UTF-8; validation rejects other bytes). */
    static String utf8(String bytesAsChars) {
        return new String(bytesAsChars.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** True when the string's bytes are valid UTF-8. */
    static boolean validUtf8(String bytesAsChars) {
        byte[] b = bytesAsChars.getBytes(StandardCharsets.ISO_8859_1);
        return validUtf8(b, 0, b.length);
    }

    /**
     * An excerpt of a byte-per-char string for messages: at most {@code max} characters of its
     * UTF-8 text on one line, "..." when cut. Decodes only the start (cut at a character
     * boundary), whatever the length of the text.
     */
    static String excerpt(String bytesAsChars, int max) {
        int take = Math.min(bytesAsChars.length(), 4 * (max + 1) + 64);
        while (take < bytesAsChars.length() && take > 0 && (bytesAsChars.charAt(take) & 0xc0) == 0x80) {
            take--; // not inside a multi-byte character
        }
        String text = utf8(bytesAsChars.substring(0, take));
        String cut = SqlSplitter.abbreviate(text, max);
        return take < bytesAsChars.length() && !cut.endsWith("...") ? cut + "..." : cut;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Uncompressed bytes read so far. */
    long bytes() {
        return bytes;
    }

    /** Bytes read from the file so far (compressed bytes for a gzip file), in 64 KB steps. */
    long fileBytes() {
        return file.count;
    }

    long crc() {
        return crc.getValue();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
