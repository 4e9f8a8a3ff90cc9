package dev.docket.tck.selftest.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The wiring {@code tck/README.md} shows is this package's source, verbatim: the classes here
 * compile with the module and {@link ExampleTckTest} runs every kit, so the README cannot name
 * an API that does not exist.
 */
class ReadmeExampleTest {

  private static final Path README = Path.of("..", "tck", "README.md");
  private static final Path HERE = Path.of("src", "test", "java", "dev", "docket", "tck",
      "selftest", "example");

  @Test
  void readmeShowsTheExampleTestClassVerbatim() throws IOException {
    String test = read(HERE.resolve("ExampleTckTest.java"));
    assertThat(read(README)).as("tck/README.md shows %s", HERE.resolve("ExampleTckTest.java"))
        .contains(test);
    assertThat(test.lines().count()).as("lines of the one test class a module writes")
        .isLessThanOrEqualTo(30);
  }

  @Test
  void readmeShowsTheExampleFixtureVerbatim() throws IOException {
    assertThat(read(README)).as("tck/README.md shows %s", HERE.resolve("ExampleTckFixture.java"))
        .contains(read(HERE.resolve("ExampleTckFixture.java")));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
