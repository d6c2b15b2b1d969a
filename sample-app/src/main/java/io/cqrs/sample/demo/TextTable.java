package io.cqrs.sample.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: numbers (and "-") right-aligned, text left-aligned.
 */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public TextTable row(List<?> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the header " + header.size());
        }
        rows.add(cells.stream().map(String::valueOf).toList());
        return this;
    }

    public String render() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
            right[i] = !rows.isEmpty();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
                right[i] &= isNumeric(r.get(i));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, right);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(sb, rule, width, right);
        for (List<String> r : rows) {
            line(sb, r, width, right);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append("  ");
            }
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            l.append(right[i] ? pad + c : c + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    static boolean isNumeric(String s) {
        return s.equals("-") || s.matches("-?\\d+(\\.\\d+)?( ?ms)?");
    }
}
