package io.cqrs.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a server's error log, for messages that say why it did not start. */
final class ErrorLogs {

    private ErrorLogs() {
    }

    static String tail(Path file, int lines) {
        return tailFrom(file, 0, lines);
    }

    /** The last {@code lines} lines written after byte {@code offset} (this start's part of the log), indented. */
    static String tailFrom(Path file, long offset, int lines) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            String[] split = text.split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = Math.max(0, split.length - lines); i < split.length; i++) {
                sb.append("  ").append(split[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }
}
