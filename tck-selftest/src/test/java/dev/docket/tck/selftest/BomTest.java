package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps {@code bom/pom.xml} honest: it has no parent (so importing it pins nothing but Docket),
 * so nothing but this test ties its version and its list to the reactor. Every module that
 * publishes (does not set {@code maven.deploy.skip}) must be in the BOM, at the reactor's version.
 */
class BomTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void bomListsEveryPublishedModuleAtTheReactorVersion() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("bom/pom.xml"));
    assertThat(child(bom.getDocumentElement(), "version"))
        .as("bom/pom.xml version").isEqualTo(child(parent.getDocumentElement(), "version"));

    List<String> published = new ArrayList<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String dir = modules.item(i).getTextContent().trim();
      Path pom = ROOT.resolve(dir).resolve("pom.xml");
      String text = Files.readString(pom);
      if (dir.equals("bom") || text.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
        continue;
      }
      published.add(child(read(pom).getDocumentElement(), "artifactId"));
    }
    List<String> listed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("artifactId");
    for (int i = 0; i < deps.getLength(); i++) {
      if (deps.item(i).getParentNode().getNodeName().equals("dependency")) {
        listed.add(deps.item(i).getTextContent().trim());
      }
    }
    assertThat(published).as("published modules of the reactor").isNotEmpty();
    assertThat(listed).as("modules in bom/pom.xml").containsExactlyInAnyOrderElementsOf(published);
  }

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of {@code element}'s direct child {@code name} (not one inside parent/dependency). */
  private static String child(Element element, String name) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError(name + " not found under " + element.getTagName());
  }
}
