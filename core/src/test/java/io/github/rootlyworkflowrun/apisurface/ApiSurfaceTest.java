package io.github.rootlyworkflowrun.apisurface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.rootlyworkflowrun.api.RootlyClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Core's public API is what {@code core/api/core.api} says, so that every change to it shows up in review as a diff
 * of that file. {@code -Drootly.api.update=true} rewrites the file from the classes instead of checking them.
 */
class ApiSurfaceTest {
    static final String UPDATE_PROPERTY = "rootly.api.update";
    static final String UPDATE_COMMAND = "./mvnw -B -pl core -am test -Dtest=ApiSurfaceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

    @Test
    void publicApiMatchesTheCommittedDump() throws Exception {
        Path dumpFile = Path.of(System.getProperty("rootly.api.file", "api/core.api"));
        String actual = ApiSurface.HEADER + dumpOfCore();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(dumpFile.toAbsolutePath().getParent());
            Files.writeString(dumpFile, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(dumpFile)) {
            fail(dumpFile.toAbsolutePath() + " is missing; create it with " + UPDATE_COMMAND);
        }
        String problem = ApiSurface.check(Files.readString(dumpFile, StandardCharsets.UTF_8), actual, UPDATE_COMMAND);
        assertThat(problem).as("core's public API").isNull();
    }

    /** Core's own classes: the directory (or jar) the client class was loaded from, never the tests'. */
    private static String dumpOfCore() throws Exception {
        Path location = Path.of(RootlyClient.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (Files.isDirectory(location)) {
            return ApiDump.of(location, RootlyClient.class.getClassLoader());
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return ApiDump.of(jar.getPath("/"), RootlyClient.class.getClassLoader());
        }
    }
}
