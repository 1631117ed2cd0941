package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/** Guards on the plugin's sources and resources as a whole, checked without Jenkins. */
class PluginSourcesTest {
    private static final Path SOURCES = Path.of(System.getProperty("plugin.sources"));
    private static final Path RESOURCES = Path.of(System.getProperty("plugin.resources"));

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void everyPluginSourceIsCompiledAgainstTheStandIn() throws Exception {
        List<Path> files = javaFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(11);
        List<String> missing = new ArrayList<>();
        for (Path f : files) {
            String name = SOURCES.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
            try {
                Class.forName(name, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertThat(missing).as("plugin sources left out of the offline compile").isEmpty();
    }

    @Test
    void nothingInThePluginSleepsOrBlocksAThreadToWait() throws Exception {
        for (Path f : javaFiles()) {
            String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            assertThat(code)
                    .as(f.getFileName().toString())
                    .doesNotContain("Thread.sleep")
                    .doesNotContain("SynchronousNonBlockingStepExecution")
                    .doesNotContain("GeneralNonBlockingStepExecution");
        }
        // The bytecode of the Pipeline step is the ground truth: no call may wait on a future or sleep.
        for (String cls : List.of(
                "RootlyWorkflowRunStep",
                "RootlyWorkflowRunStep$Execution",
                "RootlyWorkflowRunStep$DescriptorImpl",
                "RootlyPulseStep",
                "RootlyPulseStep$Execution",
                "RootlyPulseStep$DescriptorImpl",
                "RootlyStepDescriptor",
                "StepStart",
                "BuildOutcome")) {
            String bytecode = javap(cls);
            assertThat(bytecode)
                    .as(cls)
                    .contains("Method ")
                    .doesNotContainPattern("Method java/util/concurrent/(CompletableFuture|Future)\\.(get|join):")
                    .doesNotContain("Method java/lang/Thread.sleep");
        }
    }

    private static String javap(String simpleName) throws Exception {
        java.util.spi.ToolProvider javap =
                java.util.spi.ToolProvider.findFirst("javap").orElseThrow();
        java.io.StringWriter out = new java.io.StringWriter();
        String classes = Path.of(RootlyWorkflowRunStep.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        int rc = javap.run(
                new java.io.PrintWriter(out),
                new java.io.PrintWriter(out),
                "-c",
                "-p",
                "-cp",
                classes,
                "io.jenkins.plugins.rootly." + simpleName);
        assertThat(rc).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void everyBoundFieldHasHelpAndAFormEntry() throws Exception {
        for (Class<?> describable : List.of(
                RootlyWorkflowRunStep.class,
                RootlyPulseStep.class,
                RootlyWorkflowRunBuilder.class,
                RootlyGlobalConfiguration.class)) {
            Path dir = RESOURCES.resolve("io/jenkins/plugins/rootly/" + describable.getSimpleName());
            String jelly = Files.readString(dir.resolve("config.jelly"));
            List<String> fields = new ArrayList<>();
            if (describable == RootlyWorkflowRunStep.class) {
                fields.add("workflow");
            } else if (describable == RootlyPulseStep.class) {
                fields.add("summary");
            } else if (describable == RootlyWorkflowRunBuilder.class) {
                fields.add("run"); // the step's own form, with its help, nested through f:property
                fields.add("context");
            }
            List<String> mapFields = new ArrayList<>();
            for (Method m : describable.getMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class) && Modifier.isPublic(m.getModifiers())) {
                    String n = m.getName().substring(3);
                    String field = n.substring(0, 1).toLowerCase(Locale.ROOT) + n.substring(1);
                    fields.add(field);
                    Class<?> type = m.getParameterTypes()[0];
                    if (java.util.Map.class.isAssignableFrom(type) || java.util.List.class.isAssignableFrom(type)) {
                        mapFields.add(field); // a Groovy map or list has no form control; the help documents it
                    }
                }
            }
            for (String field : fields) {
                if (!mapFields.contains(field)) {
                    assertThat(jelly)
                            .as(describable.getSimpleName() + " config.jelly has " + field)
                            .contains("field=\"" + field + "\"");
                }
                if (!field.equals("run")) {
                    assertThat(dir.resolve("help-" + field + ".html"))
                            .as(describable.getSimpleName() + " has help for " + field)
                            .exists();
                }
            }
            assertThat(fields)
                    .hasSizeGreaterThanOrEqualTo(
                            describable == RootlyGlobalConfiguration.class
                                    ? 4
                                    : describable == RootlyWorkflowRunBuilder.class
                                            ? 2
                                            : describable == RootlyPulseStep.class ? 18 : 16);
        }
    }

    /** versions:set on the reactor must reach the plugin, and the plugin must bundle the core of the same build. */
    @Test
    void thePluginTakesItsVersionAndItsCoreFromTheReactor() throws Exception {
        Path pluginDir = SOURCES.getParent().getParent().getParent();
        String plugin = Files.readString(pluginDir.resolve("pom.xml"));
        String root = Files.readString(pluginDir.getParent().resolve("pom.xml"));
        java.util.regex.Matcher rootVersion = java.util.regex.Pattern.compile(
                        "<artifactId>rootly-workflow-run-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(root);
        assertThat(rootVersion.find()).isTrue();

        assertThat(plugin)
                .contains("<packaging>hpi</packaging>")
                .contains("<version>" + rootVersion.group(1) + "</version>\n  <packaging>hpi</packaging>")
                .contains(
                        "<artifactId>rootly-workflow-run-core</artifactId>\n      <version>${project.version}</version>")
                .contains("<licenses>")
                .contains("<scm>")
                .contains("<developers>")
                .contains("<url>");
    }

    @Test
    void formChecksSayWhatIsWrong() {
        assertThat(FormChecks.workflow(" ").kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
        assertThat(FormChecks.workflow("deploy-notify").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(FormChecks.duration("timeout", "90m").getMessage()).isEqualTo("= 1h30m");
        assertThat(FormChecks.duration("timeout", "soon").getMessage()).contains("is not a duration");
        assertThat(FormChecks.apiUrl("http://rootly.example.com").getMessage()).contains("plain HTTP is refused");
        assertThat(FormChecks.apiUrl("https://api.rootly.com").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(FormChecks.contextJson("[1]").getMessage()).contains("must be a JSON object");
        assertThat(FormChecks.contextJson("{\"a\":1}").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(FormChecks.summary(" ").getMessage()).startsWith("is required");
        assertThat(FormChecks.summary("Deploy\napi").getMessage()).contains("must be a single line");
        assertThat(FormChecks.summary("Deploy api 1.4.2").kind).isEqualTo(hudson.util.FormValidation.Kind.OK);
        assertThat(FormChecks.duration("settle", "2m").getMessage()).isEqualTo("= 2m");
        assertThat(FormChecks.completedWithErrorsItems())
                .extracting(o -> o.value)
                .containsExactly("UNSTABLE", "SUCCESS", "FAILURE");
    }
}
