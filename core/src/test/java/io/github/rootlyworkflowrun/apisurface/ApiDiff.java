package io.github.rootlyworkflowrun.apisurface;

import java.util.ArrayList;
import java.util.List;

/** A line diff of two API dumps that names each changed member under the type it belongs to. */
final class ApiDiff {
    private ApiDiff() {}

    /**
     * The differences of {@code actual} from {@code expected}, as {@code -} (gone) and {@code +} (new) lines, each
     * change preceded by its type's header line; empty when they are the same.
     */
    static String between(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        // Longest common subsequence, from the end: the dumps are a few hundred lines, so the table is small.
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        String header = null;
        String shownHeader = null;
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                header = isHeader(a.get(i)) ? a.get(i) : header;
                i++;
                j++;
                continue;
            }
            String line;
            if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                line = "+ " + b.get(j++);
            } else {
                line = "- " + a.get(i++);
            }
            if (line.length() > 2 && !line.startsWith("  ", 2)) {
                header = null; // a type itself changed: its line is its own context
            } else if (header != null && !header.equals(shownHeader)) {
                out.add("  " + header);
                shownHeader = header;
            }
            if (!line.isBlank() && !line.equals("+ ") && !line.equals("- ")) {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && !line.startsWith(" ");
    }
}
