package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runner jar stays lean: the embedded emulator comes without the YAML stack and databind, which only its own
 * jar's scenario files need (docs/performance.md). {@code CliJarIT} runs {@code demo} from this jar.
 */
class JarContentsIT {
    private static final Path JAR = Path.of(System.getProperty("cli.jar", "target/rootly-workflow-run.jar"));

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void carriesTheEmulatorCoreButNoYamlOrDatabind() throws IOException {
        List<String> entries = entries();

        assertThat(entries)
                .as("the demo's emulator is embedded")
                .contains(
                        "io/github/rootlyworkflowrun/emulator/RootlyEmulator.class",
                        "io/github/rootlyworkflowrun/emulator/EmulatedApi.class");
        assertThat(entries)
                .filteredOn(e -> e.startsWith("org/yaml/snakeyaml/")
                        || e.startsWith("com/fasterxml/jackson/databind/")
                        || e.startsWith("com/fasterxml/jackson/dataformat/"))
                .isEmpty();
    }

    @Test
    void staysUnderFourAndAHalfMebibytes() throws IOException {
        // 5.7 MiB with databind and YAML, 3.8 MiB without (docs/performance.md); a heavy dependency shows up here.
        assertThat(Files.size(JAR)).isLessThan(9L << 19);
    }
}
