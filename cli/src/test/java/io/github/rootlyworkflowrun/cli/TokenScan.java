package io.github.rootlyworkflowrun.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one scanner every CLI test's captured output passes through: stdout, stderr and every file the runner wrote
 * ($GITHUB_OUTPUT, the step summary, dotenv). A test token anywhere but on an {@code ::add-mask::} line fails the
 * test on the spot. Checking at capture, not in a JUnit callback, also covers jqwik properties, which run outside
 * JUnit Jupiter.
 */
final class TokenScan {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong SCANNED = new AtomicLong();

    private TokenScan() {}

    /** Registers a test token; returns it, for use in a constant's initialiser. */
    static String secret(String token) {
        SECRETS.add(token);
        return token;
    }

    /** Scans one captured text; returns it, so a capture can be scanned where it is read. */
    static String capture(String source, String text) {
        List<String> leaks = leaks(text, SECRETS);
        SCANNED.incrementAndGet();
        if (!leaks.isEmpty()) {
            throw new AssertionError(
                    "test token leaked in " + source + " (token shown as <TOKEN>):\n" + String.join("\n", leaks));
        }
        return text;
    }

    /** Scans a file the runner may have written; a missing file is nothing to scan. */
    static String captureFile(String source, Path file) {
        try {
            return Files.exists(file) ? capture(source, Files.readString(file, StandardCharsets.UTF_8)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of captures scanned so far in this JVM. */
    static long scanned() {
        return SCANNED.get();
    }

    /** The lines of {@code text} that show a secret outside {@code ::add-mask::}, the secrets replaced. */
    static List<String> leaks(String text, Set<String> secrets) {
        List<String> leaks = new ArrayList<>();
        // Cut as the GitHub runner does: \r, \n and \r\n each end a line.
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.startsWith("::add-mask::")) {
                continue;
            }
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    String shown = line;
                    for (String s : secrets) {
                        shown = shown.replace(s, "<TOKEN>");
                    }
                    leaks.add(shown);
                    break;
                }
            }
        }
        return leaks;
    }
}
