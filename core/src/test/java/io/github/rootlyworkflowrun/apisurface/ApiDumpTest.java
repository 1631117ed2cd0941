package io.github.rootlyworkflowrun.apisurface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, on small class sets compiled here: what it counts as API, and that it catches a change. */
class ApiDumpTest {
    private static final Map<String, String> LIBRARY = Map.of(
            "fixture/Widget.java",
            """
            package fixture;
            public class Widget {
                public static final String NAME = "widget";
                public static final int LIMIT = 3;
                public final java.util.List<String> parts = java.util.List.of();
                private int secret;
                public Widget(String id) {}
                Widget() {}
                public String id() { return ""; }
                protected void hook() throws java.io.IOException {}
                void internal() {}
                @SafeVarargs public static <T extends Comparable<T>> T max(java.util.List<T> items, T... more) { return null; }
                public static final class Part {}
                static final class Hidden { public void notApi() {} }
            }
            """,
            "fixture/Helper.java",
            """
            package fixture;
            class Helper { public void notApi() {} }
            """,
            "fixture/Listener.java",
            """
            package fixture;
            public interface Listener<T extends CharSequence> {
                void on(T text);
                default void off() {}
            }
            """,
            "fixture/Mode.java",
            """
            package fixture;
            public enum Mode { ON, OFF }
            """,
            "fixture/Pair.java",
            """
            package fixture;
            public record Pair(String left, int right) {}
            """);

    @TempDir
    Path dir;

    @Test
    void dumpsPublicAndProtectedMembersOfVisibleTypesOnly() throws IOException {
        assertThat(dump(LIBRARY))
                .isEqualTo(
                        """
                        public interface fixture.Listener<T extends java.lang.CharSequence>
                          public abstract void on(T)
                          public default void off()

                        public enum fixture.Mode
                          public static final fixture.Mode OFF
                          public static final fixture.Mode ON
                          public static fixture.Mode valueOf(java.lang.String)
                          public static fixture.Mode[] values()

                        public record fixture.Pair
                          public Pair(java.lang.String, int)
                          public final boolean equals(java.lang.Object)
                          public final int hashCode()
                          public final java.lang.String toString()
                          public int right()
                          public java.lang.String left()

                        public class fixture.Widget
                          protected void hook() throws java.io.IOException
                          public Widget(java.lang.String)
                          public final java.util.List<java.lang.String> parts
                          public java.lang.String id()
                          public static <T extends java.lang.Comparable<T>> T max(java.util.List<T>, T...)
                          public static final int LIMIT = 3
                          public static final java.lang.String NAME = "widget"

                        public static final class fixture.Widget$Part
                          public Part()

                        """);
    }

    @Test
    void anAddedPublicMethodFailsTheCheckAndNamesTheMethod() throws IOException {
        String committed = dump(LIBRARY);
        String changed = dump(
                with("fixture/Widget.java", "public String id()", "public void added() {}\n    public String id()"));

        String problem = ApiSurface.check(committed, changed, ApiSurfaceTest.UPDATE_COMMAND);

        assertThat(problem)
                .contains("  public class fixture.Widget\n+   public void added()")
                .contains(ApiSurfaceTest.UPDATE_COMMAND);
    }

    @Test
    void aRemovedOrWidenedMemberFailsTheCheck() throws IOException {
        String committed = dump(LIBRARY);

        assertThat(ApiSurface.check(
                        committed,
                        dump(with("fixture/Widget.java", "protected void hook()", "private void hook()")),
                        "update"))
                .contains("-   protected void hook() throws java.io.IOException");
        assertThat(ApiSurface.check(
                        committed, dump(with("fixture/Helper.java", "class Helper", "public class Helper")), "update"))
                .contains("+ public class fixture.Helper", "+   public void notApi()");
    }

    @Test
    void changesOutsideTheApiPassTheCheck() throws IOException {
        String committed = dump(LIBRARY);
        String changed =
                dump(with("fixture/Widget.java", "void internal() {}", "void internal() {}\n    void more() {}"));

        assertThat(ApiSurface.check(committed, changed, "update")).isNull();
    }

    /** The library with {@code target} replaced by {@code replacement} in one of its sources. */
    private static Map<String, String> with(String file, String target, String replacement) {
        String source = LIBRARY.get(file);
        assertThat(source).contains(target);
        Map<String, String> library = new HashMap<>(LIBRARY);
        library.put(file, source.replace(target, replacement));
        return library;
    }

    /** Compiles {@code sources} into a fresh directory and dumps the API of the classes. */
    private String dump(Map<String, String> sources) throws IOException {
        Path root = Files.createTempDirectory(dir, "lib");
        Path src = root.resolve("src");
        Path classes = Files.createDirectories(root.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new)))
                .as("fixture compiles")
                .isZero();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            return ApiDump.of(classes, loader);
        }
    }
}
