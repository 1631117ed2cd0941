package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every class and every public or protected member of the Jenkins API stand-in must have an identical declaration in
 * the real API, as recorded in the signature dumps under {@code src/test/resources/jenkins-signatures/}. Both sides are read with javac's own
 * parser and compared as canonical signatures: modifiers, type parameters, types, name, parameter types, throws.
 * Annotations and parameter names are not part of a signature. Supertypes may be a subset of the real ones. What the
 * dumps do not cover is listed, with its source, in {@code stand-in-allowlist.txt}.
 */
class StandInConformanceTest {
    private static final Pattern BODY = Pattern.compile("\\{\\.\\.\\}");
    private static final Pattern INITIALISER = Pattern.compile("^(\\s+[^(]*?\\S)\\s=\\s.*;(\\s*/\\*.*\\*/)?\\s*$");
    private static final Set<Modifier> SIGNATURE_MODIFIERS = EnumSet.of(
            Modifier.PUBLIC, Modifier.PROTECTED, Modifier.STATIC, Modifier.ABSTRACT, Modifier.FINAL, Modifier.DEFAULT);

    /** One declaration: the class it belongs to and its canonical signature. */
    record Declaration(String owner, String signature) {
        @Override
        public String toString() {
            return owner + " # " + signature;
        }
    }

    @Test
    void everyStandInDeclarationMatchesTheRealApi() throws IOException {
        // The dumps are test resources (see src/test/resources/jenkins-signatures/README.md): a missing one fails.
        java.net.URL dumpsUrl = StandInConformanceTest.class.getResource("/jenkins-signatures/sig-core-2.555.3.txt");
        assertThat(dumpsUrl).as("jenkins-signatures/ on the test classpath").isNotNull();
        Path dumps = Path.of(java.net.URI.create(dumpsUrl.toString())).getParent();
        for (String dump : List.of(
                "sig-core-2.555.3.txt",
                "sig-core-2.578.txt",
                "sig-credentials.txt",
                "sig-okhttp-api.txt",
                "sig-plain-credentials.txt",
                "sig-stapler.txt",
                "sig-workflow-step-api.txt")) {
            assertThat(dumps.resolve(dump)).as("signature dump " + dump).isRegularFile();
        }

        Map<String, Set<String>> real = new HashMap<>();
        Map<String, ClassShape> realClasses = new HashMap<>();
        List<String> dumpParseErrors = new ArrayList<>();
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (Map.Entry<String, String> section :
                        sections(Files.readString(f)).entrySet()) {
                    parse(
                            f.getFileName() + ":" + section.getKey(),
                            section.getValue(),
                            real,
                            realClasses,
                            dumpParseErrors);
                }
            }
        }
        assertThat(realClasses).as("the dumps parsed into classes").hasSizeGreaterThan(50);

        Map<String, Set<String>> standIn = new HashMap<>();
        Map<String, ClassShape> standInClasses = new HashMap<>();
        List<String> standInParseErrors = new ArrayList<>();
        Path standInSources = Path.of(System.getProperty("stand-in.sources"));
        try (Stream<Path> files = Files.walk(standInSources)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (f.toString().contains("io/github/rootlyworkflowrun/standin")) {
                    continue; // the stand-in's own helper, not a Jenkins type
                }
                parse(
                        standInSources.relativize(f).toString(),
                        Files.readString(f),
                        standIn,
                        standInClasses,
                        standInParseErrors);
            }
        }
        assertThat(standInParseErrors).isEmpty();

        Set<String> allowed = allowList();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ClassShape> e : standInClasses.entrySet()) {
            String cls = e.getKey();
            ClassShape mine = e.getValue();
            ClassShape theirs = realClasses.get(cls);
            if (theirs == null) {
                if (!allowed.contains(cls + " # " + mine.header())) {
                    problems.add("class not in the dumps: " + cls + " # " + mine.header());
                }
            } else {
                String mismatch = mine.mismatch(theirs);
                if (mismatch != null) {
                    problems.add(cls + ": " + mismatch);
                }
            }
            for (String member : standIn.getOrDefault(cls, Set.of())) {
                boolean found = real.getOrDefault(cls, Set.of()).contains(member);
                if (!found && !allowed.contains(cls + " # " + member)) {
                    problems.add("member not in the dumps: " + cls + " # " + member);
                }
            }
        }
        assertThat(problems)
                .as("stand-in declarations without an identical real one")
                .isEmpty();
        Set<String> used = new HashSet<>();
        standInClasses.forEach((cls, shape) -> {
            used.add(cls + " # " + shape.header());
            standIn.getOrDefault(cls, Set.of()).forEach(m -> used.add(cls + " # " + m));
        });
        assertThat(allowed)
                .as("allow-list entries that no stand-in declaration needs any more")
                .isSubsetOf(used);
    }

    @Test
    void theCheckRejectsADeclarationThatDiffersFromTheRealOne() {
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, ClassShape> classes = new HashMap<>();
        List<String> errors = new ArrayList<>();
        parse(
                "real",
                "package p; public class A { public String name(int x) {} protected A(String s) {} }",
                members,
                classes,
                errors);
        parse(
                "fake",
                "package p; public class A { public String name(long x) { return null; } protected A(String t) {} }",
                members,
                classes,
                errors);

        assertThat(errors).isEmpty();
        assertThat(members.get("p.A"))
                .containsExactlyInAnyOrder(
                        "public String name(int)", "public String name(long)", "protected <init>(String)");
    }

    /** The dump text split into one compilable-looking section per {@code // file:} header. */
    static Map<String, String> sections(String dump) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder b = new StringBuilder();
        for (String line : dump.split("\n", -1)) {
            if (line.startsWith("// file: ")) {
                if (name != null) {
                    out.put(name, b.toString());
                }
                name = line.substring(9).trim();
                b.setLength(0);
                continue;
            }
            String l = BODY.matcher(line).replaceAll("{}");
            var m = INITIALISER.matcher(l);
            if (m.matches() && !l.contains("{}")) {
                l = m.group(1) + " = null;"; // initialisers are not signatures, and some are cut short in the dumps
            }
            b.append(l).append('\n');
        }
        if (name != null) {
            out.put(name, b.toString());
        }
        return out;
    }

    /** The outline of a class: everything of its header that matters to code compiled against it. */
    record ClassShape(
            String kind, Set<String> modifiers, String typeParameters, String superclass, Set<String> interfaces) {
        String header() {
            return String.join(" ", new TreeSet<>(modifiers)) + " " + kind + typeParameters
                    + (superclass == null ? "" : " extends " + superclass)
                    + (interfaces.isEmpty() ? "" : " implements " + String.join(", ", new TreeSet<>(interfaces)));
        }

        /** Why {@code this} (a stand-in) does not fit {@code real}, or null when it does. */
        String mismatch(ClassShape real) {
            if (!kind.equals(real.kind)
                    || !modifiers.equals(real.modifiers)
                    || !typeParameters.equals(real.typeParameters)) {
                return "header '" + header() + "' differs from the real '" + real.header() + "'";
            }
            if (superclass != null && !superclass.equals(real.superclass)) {
                return "extends " + superclass + " but the real class extends " + real.superclass;
            }
            if (!real.interfaces.containsAll(interfaces)) {
                return "implements " + interfaces + " but the real class implements only " + real.interfaces;
            }
            return null;
        }
    }

    static void parse(
            String name,
            String source,
            Map<String, Set<String>> members,
            Map<String, ClassShape> classes,
            List<String> errors) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file =
                new SimpleJavaFileObject(
                        URI.create("string:///" + name.replaceAll("[^A-Za-z0-9/._-]", "_")),
                        JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null
                        ? ""
                        : unit.getPackageName().toString() + ".";
                for (Tree t : unit.getTypeDecls()) {
                    if (t instanceof ClassTree c) {
                        visit(pkg + c.getSimpleName(), c, members, classes);
                    }
                }
            }
        } catch (IOException e) {
            errors.add(name + ": " + e);
        }
        diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .forEach(d -> errors.add(name + ": " + d.getMessage(null)));
    }

    private static void visit(
            String owner, ClassTree c, Map<String, Set<String>> members, Map<String, ClassShape> classes) {
        boolean isInterface = c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE;
        Set<String> mods = modifiers(c.getModifiers(), false, false);
        if (isInterface) {
            mods.remove("abstract");
        }
        String kind =
                switch (c.getKind()) {
                    case INTERFACE -> "interface";
                    case ANNOTATION_TYPE -> "@interface";
                    case ENUM -> "enum";
                    case RECORD -> "record";
                    default -> "class";
                };
        Set<String> interfaces = c.getImplementsClause().stream()
                .map(StandInConformanceTest::type)
                .collect(Collectors.toSet());
        String superclass = c.getExtendsClause() == null ? null : type(c.getExtendsClause());
        classes.put(owner, new ClassShape(kind, mods, typeParameters(c.getTypeParameters()), superclass, interfaces));
        Set<String> out = members.computeIfAbsent(owner, k -> new TreeSet<>());
        for (Tree m : c.getMembers()) {
            if (m instanceof ClassTree nested) {
                visit(owner + "." + nested.getSimpleName(), nested, members, classes);
            } else if (m instanceof MethodTree method) {
                Set<String> ms = modifiers(method.getModifiers(), isInterface, method.getBody() != null);
                if (!ms.contains("public") && !ms.contains("protected")) {
                    continue;
                }
                boolean ctor = method.getName().contentEquals("<init>");
                String params = method.getParameters().stream()
                        .map(p -> type(p.getType()).replace("[]", isVarargs(p) ? "..." : "[]"))
                        .collect(Collectors.joining(", "));
                String throwsClause = method.getThrows().isEmpty()
                        ? ""
                        : " throws "
                                + method.getThrows().stream()
                                        .map(StandInConformanceTest::type)
                                        .sorted()
                                        .collect(Collectors.joining(", "));
                String returns = ctor ? "" : type(method.getReturnType()) + " ";
                out.add((String.join(" ", ordered(ms)) + " " + typeParameters(method.getTypeParameters())
                                + (method.getTypeParameters().isEmpty() ? "" : " ") + returns + method.getName() + "("
                                + params + ")"
                                + throwsClause)
                        .replaceAll("\\s+", " ")
                        .trim());
            } else if (m instanceof VariableTree field) {
                Set<String> ms = modifiers(field.getModifiers(), false, false);
                if (isInterface) {
                    ms.addAll(List.of("public", "static", "final"));
                }
                if (c.getKind() == Tree.Kind.ENUM && field.getType() == null) {
                    continue; // enum constants are compared by the enum's members elsewhere
                }
                if (ms.contains("public") || ms.contains("protected")) {
                    out.add(String.join(" ", ordered(ms)) + " " + type(field.getType()) + " " + field.getName());
                }
            }
        }
    }

    private static boolean isVarargs(VariableTree p) {
        return p.toString().contains("...");
    }

    private static Set<String> modifiers(ModifiersTree tree, boolean interfaceMember, boolean hasBody) {
        Set<String> out = new HashSet<>();
        for (Modifier m : tree.getFlags()) {
            if (SIGNATURE_MODIFIERS.contains(m)) {
                out.add(m.toString());
            }
        }
        if (interfaceMember) {
            out.add(out.contains("protected") ? "protected" : "public");
            if (!hasBody && !out.contains("static")) {
                out.add("abstract");
            }
        }
        return out;
    }

    private static List<String> ordered(Set<String> modifiers) {
        List<String> order = List.of("public", "protected", "static", "abstract", "default", "final");
        return order.stream().filter(modifiers::contains).toList();
    }

    private static String typeParameters(List<? extends TypeParameterTree> params) {
        if (params.isEmpty()) {
            return "";
        }
        return "<"
                + params.stream()
                        .map(p -> p.toString().replaceAll("@\\S+\\s+", ""))
                        .collect(Collectors.joining(", "))
                        .replaceAll("\\s+", " ")
                + ">";
    }

    private static String type(Tree t) {
        return t == null
                ? ""
                : t.toString()
                        .replaceAll("@[\\w.]+(\\([^)]*\\))?\\s+", "")
                        .replaceAll("\\s*,\\s*", ", ")
                        .replaceAll("\\s+", " ")
                        .trim();
    }

    private static Set<String> allowList() throws IOException {
        try (var in = StandInConformanceTest.class.getResourceAsStream("/stand-in-allowlist.txt")) {
            assertThat(in).as("stand-in-allowlist.txt on the test classpath").isNotNull();
            Set<String> out = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int source = l.indexOf(" | ");
                assertThat(source)
                        .as("every allow-list entry names its source after ' | ': " + l)
                        .isPositive();
                out.add(l.substring(0, source).strip());
            }
            return out;
        }
    }
}
