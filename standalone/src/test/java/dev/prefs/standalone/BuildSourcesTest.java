package dev.prefs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build may fetch from Maven Central only: no extra repositories, and the wrapper's Maven comes from there. */
class BuildSourcesTest {

    private static final Path ROOT = Path.of("..");
    private static final String MAVEN_CENTRAL = "https://repo.maven.apache.org/maven2/";

    @Test
    void noPomDeclaresAnotherRepository() throws IOException {
        List<Path> poms = poms();
        assertThat(poms).hasSizeGreaterThanOrEqualTo(6);
        for (Path pom : poms) {
            assertThat(Files.readString(pom)).as(pom.toString())
                    .doesNotContain("<repositories>")
                    .doesNotContain("<pluginRepositories>");
        }
    }

    @Test
    void theWrapperDownloadsMavenFromMavenCentral() throws IOException {
        Properties wrapper = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
            wrapper.load(in);
        }
        assertThat(wrapper.getProperty("distributionUrl")).startsWith(MAVEN_CENTRAL);
        assertThat(wrapper.getProperty("wrapperUrl", MAVEN_CENTRAL)).startsWith(MAVEN_CENTRAL);
    }

    private static List<Path> poms() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("target"))
                    .toList();
        }
    }
}
