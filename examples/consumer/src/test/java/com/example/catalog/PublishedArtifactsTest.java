package com.example.catalog;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What this example takes is what the repository publishes: the BOM pins every published module of
 * the reactor at the reactor's version, this project imports that version, and the local Maven
 * repository holds each published module with its sources and javadoc jars (after {@code mvn install}).
 * A module is published unless its POM sets {@code maven.deploy.skip} to true.
 */
class PublishedArtifactsTest {

    static final Path ROOT = ReadmeSnippetTest.ROOT;

    @Test
    void theBomPinsEveryPublishedModuleAtTheReactorsVersion() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        String version = child(parent, "version");
        List<String> published = publishedJarModules(parent);
        assertThat(published).contains("cqrs-common", "cqrs-routing");

        Element bom = pom(ROOT.resolve("cqrs-bom/pom.xml"));
        assertThat(child(bom, "version")).as("cqrs-bom's version (a release sets it with the reactor's)").isEqualTo(version);
        List<String> pinned = new ArrayList<>();
        for (Element d : managedDependencies(bom)) {
            assertThat(child(d, "groupId")).isEqualTo("io.cqrs");
            assertThat(child(d, "version")).isEqualTo("${project.version}");
            pinned.add(child(d, "artifactId"));
        }
        assertThat(pinned).as("cqrs-bom/pom.xml pins every published module of %s, nothing else", ROOT.resolve("pom.xml"))
                .containsExactlyInAnyOrderElementsOf(published);

        Element consumer = pom(ROOT.resolve("examples/consumer/pom.xml"));
        Element imported = managedDependencies(consumer).stream()
                .filter(d -> "cqrs-bom".equals(child(d, "artifactId"))).findFirst().orElseThrow();
        assertThat(child(imported, "version")).as("the BOM version examples/consumer imports (and the README shows)").isEqualTo(version);
    }

    @Test
    void theLocalRepositoryHoldsEachPublishedModuleWithSourcesAndJavadoc() throws Exception {
        Path repo = Path.of(System.getProperty("local.repository", System.getProperty("user.home") + "/.m2/repository"));
        Element parent = pom(ROOT.resolve("pom.xml"));
        String version = child(parent, "version");
        assertThat(repo.resolve("io/cqrs/cqrs-parent/" + version + "/cqrs-parent-" + version + ".pom")).isRegularFile();
        assertThat(repo.resolve("io/cqrs/cqrs-bom/" + version + "/cqrs-bom-" + version + ".pom")).isRegularFile();
        for (String module : publishedJarModules(parent)) {
            Path dir = repo.resolve("io/cqrs/" + module + "/" + version);
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                assertThat(dir.resolve(module + "-" + version + suffix)).as("installed by mvn install").isRegularFile();
            }
        }
    }

    /** The reactor's modules with jar packaging that do not skip deployment. */
    static List<String> publishedJarModules(Element parent) throws Exception {
        List<String> published = new ArrayList<>();
        for (Element m : elements(parent.getElementsByTagName("module"))) {
            Element pom = pom(ROOT.resolve(m.getTextContent().strip()).resolve("pom.xml"));
            String packaging = child(pom, "packaging");
            boolean skipped = elements(pom.getElementsByTagName("maven.deploy.skip")).stream()
                    .anyMatch(e -> e.getTextContent().strip().equals("true"));
            if (!skipped && (packaging == null || packaging.equals("jar"))) {
                published.add(child(pom, "artifactId"));
            }
        }
        return published;
    }

    static List<Element> managedDependencies(Element pom) {
        Element dm = elements(pom.getChildNodes()).stream().filter(e -> e.getTagName().equals("dependencyManagement"))
                .findFirst().orElseThrow(() -> new AssertionError("no dependencyManagement"));
        return elements(dm.getElementsByTagName("dependency"));
    }

    static Element pom(Path file) throws Exception {
        assertThat(file).isRegularFile();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    /** The text of a direct child element, or null. */
    static String child(Element e, String name) {
        return elements(e.getChildNodes()).stream().filter(c -> c.getTagName().equals(name))
                .map(c -> c.getTextContent().strip()).findFirst().orElse(null);
    }

    static List<Element> elements(NodeList nodes) {
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element el) {
                list.add(el);
            }
        }
        return list;
    }
}
