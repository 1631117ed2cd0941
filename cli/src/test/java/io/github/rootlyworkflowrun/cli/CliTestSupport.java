package io.github.rootlyworkflowrun.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads files the way the GitHub runner and GitLab read them, so tests check what CI would see. */
final class CliTestSupport {
    private CliTestSupport() {}

    /** Parses a $GITHUB_OUTPUT file: {@code name=value} lines and {@code name<<DELIM} heredocs, as the runner does. */
    static Map<String, String> parseGitHubOutput(String text) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new StringReader(text));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                String v;
                boolean first = true;
                while (!(v = r.readLine()).equals(delimiter)) {
                    if (!first) {
                        value.append('\n');
                    }
                    value.append(v);
                    first = false;
                }
                outputs.put(name, value.toString());
            } else {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return outputs;
    }

    /** Parses a dotenv file of KEY=VALUE lines, as GitLab's dotenv report does. */
    static Map<String, String> parseDotenv(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        text.lines()
                .filter(l -> !l.isBlank())
                .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }
}
