package com.example.catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's code blocks marked {@code <!-- snippet: FILE#REGION -->} are this project's code,
 * word for word: each equals the lines between {@code snippet:begin REGION} and
 * {@code snippet:end REGION} in FILE (a path from the repository root), compared line by line
 * with indentation and blank lines ignored. Every region of this project must be in the README,
 * and every such README block must point at an existing region: editing one side alone fails.
 */
class ReadmeSnippetTest {

    static final Path ROOT = Path.of(System.getProperty("repository.root", "../..")).toAbsolutePath().normalize();
    static final Path CONSUMER = Path.of("examples", "consumer");

    private static final Pattern README_BLOCK = Pattern.compile(
            "<!-- snippet: (\\S+)#(\\S+) -->[ \\t]*\\R```[\\w-]*\\R(.*?)\\R```", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("snippet:begin (\\S+)");
    private static final Pattern END = Pattern.compile("snippet:end (\\S+)");

    @Test
    void theReadmeShowsExactlyThisProjectsCode() throws IOException {
        Map<String, String> readme = readmeBlocks();
        Map<String, List<String>> regions = consumerRegions();

        assertThat(regions).as("snippet regions in %s", CONSUMER).isNotEmpty();
        assertThat(readme.keySet()).as("README blocks marked <!-- snippet: FILE#REGION --> (README.md) vs the regions in %s", CONSUMER)
                .containsExactlyInAnyOrderElementsOf(regions.keySet());
        for (Map.Entry<String, List<String>> region : regions.entrySet()) {
            List<String> shown = normalize(List.of(readme.get(region.getKey()).split("\\R", -1)));
            List<String> real = normalize(region.getValue());
            for (int i = 0; i < Math.max(shown.size(), real.size()); i++) {
                String a = i < shown.size() ? shown.get(i) : "<end of the README block>";
                String b = i < real.size() ? real.get(i) : "<end of the region>";
                if (!a.equals(b)) {
                    fail("README.md's block for %s differs from the code at normalized line %d:%n  README: %s%n  code:   %s%n"
                            + "Change both together: the README shows the consumer's code.", region.getKey(), i + 1, a, b);
                }
            }
        }
    }

    /** README blocks by {@code FILE#REGION}. */
    static Map<String, String> readmeBlocks() throws IOException {
        String text = Files.readString(ROOT.resolve("README.md"));
        Map<String, String> blocks = new TreeMap<>();
        Matcher m = README_BLOCK.matcher(text);
        while (m.find()) {
            String key = m.group(1) + "#" + m.group(2);
            assertThat(blocks.put(key, m.group(3))).as("README marks %s twice", key).isNull();
        }
        // a marker that does not sit right above a code block would silently stop being checked
        int markers = text.split("<!-- snippet: ", -1).length - 1;
        assertThat(blocks).as("README snippet markers each directly followed by a fenced code block").hasSize(markers);
        return blocks;
    }

    /** The regions in the consumer's POM and main sources, by {@code FILE#REGION}. */
    static Map<String, List<String>> consumerRegions() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve(CONSUMER).resolve("pom.xml"));
        try (var walk = Files.walk(ROOT.resolve(CONSUMER).resolve("src/main"))) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        Map<String, List<String>> regions = new TreeMap<>();
        for (Path file : files) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            String open = null;
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                Matcher begin = BEGIN.matcher(line);
                Matcher end = END.matcher(line);
                if (begin.find()) {
                    assertThat(open).as("%s: region %s opens inside region %s", name, begin.group(1), open).isNull();
                    open = begin.group(1);
                    lines = new ArrayList<>();
                } else if (end.find()) {
                    assertThat(end.group(1)).as("%s: snippet:end closes another region", name).isEqualTo(open);
                    assertThat(regions.put(name + "#" + open, lines)).as("%s: region %s twice", name, open).isNull();
                    open = null;
                } else if (open != null) {
                    lines.add(line);
                }
            }
            assertThat(open).as("%s: region %s is never closed", name, open).isNull();
        }
        return regions;
    }

    /** Trimmed lines, runs of blanks as one space, blank lines dropped. */
    static List<String> normalize(List<String> lines) {
        return lines.stream().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty()).toList();
    }
}
