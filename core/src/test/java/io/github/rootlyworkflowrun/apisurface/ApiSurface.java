package io.github.rootlyworkflowrun.apisurface;

/** Compares a committed API dump with the classes' own, in words that say what changed and how to accept it. */
final class ApiSurface {
    /** Opens the dump file, so that a reader of the file knows what it is and how it is made. */
    static final String HEADER =
            "# The public API of rootly-workflow-run-core: every public and protected type and member."
                    + "\n# Checked by ApiSurfaceTest; regenerated, never edited by hand (see README, \"Build and test\").\n\n";

    private ApiSurface() {}

    /** Null when {@code actual} is {@code expected}; otherwise the difference and the command that accepts it. */
    static String check(String expected, String actual, String updateCommand) {
        String diff = ApiDiff.between(expected, actual);
        if (diff.isEmpty()) {
            return null;
        }
        return "the public API differs from the committed dump (- only in the dump, + only in the classes):\n" + diff
                + "\nIf the change is intended, regenerate the dump with\n  " + updateCommand
                + "\nand commit it with the change.";
    }
}
