package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;

/** Stand-in (test double) of {@code hudson.util.ListBoxModel}: a list of name/value options. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    private static final long serialVersionUID = 1L;

    /** Stand-in (test double) of {@code hudson.util.ListBoxModel.Option}. */
    public static final class Option {
        @NonNull
        public String name;

        @NonNull
        public String value;

        public Option(@NonNull String name, @NonNull String value) {
            this.name = name;
            this.value = value;
        }
    }

    public ListBoxModel() {}

    public void add(@NonNull String displayName, @NonNull String value) {
        add(new Option(displayName, value));
    }
}
