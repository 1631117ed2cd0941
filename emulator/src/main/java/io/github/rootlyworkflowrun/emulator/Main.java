package io.github.rootlyworkflowrun.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The emulator's command line: starts it, prints the base URL first, and stops cleanly on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        RootlyEmulator emulator;
        try {
            emulator = start(args, System.out, System.err);
        } catch (UsageError e) {
            System.err.println("rootly-api-emulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (emulator == null) {
            return; // --help or --version
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "rootly-emulator-shutdown"));
        stopped.await();
    }

    /** Parses arguments and starts the emulator; null when only help or version was asked for. */
    static RootlyEmulator start(String[] args, PrintStream out, PrintStream err) {
        RootlyEmulator.Builder builder = RootlyEmulator.builder();
        Scenario scenario = Scenario.defaults();
        String webhookUrl = null;
        String webhookSecretFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--help", "-h" -> {
                    out.print(resource("help.txt"));
                    return null;
                }
                case "--version", "-V" -> {
                    out.println("rootly-api-emulator "
                            + resource("version.properties").replaceAll("(?s).*version=([^\\s]+).*", "$1"));
                    return null;
                }
                case "--port" -> {
                    String v = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                    try {
                        int port = Integer.parseInt(v);
                        if (port < 0 || port > 65535) {
                            throw new NumberFormatException();
                        }
                        builder.port(port);
                    } catch (NumberFormatException e) {
                        throw new UsageError("--port: '" + v + "' is not a port number from 0 to 65535");
                    }
                }
                case "--token" -> {
                    builder.token(value(args, i, arg));
                    i += arg.contains("=") ? 0 : 1;
                }
                case "--scenario" -> {
                    String v = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                    Path file = Path.of(v);
                    if (!Files.isRegularFile(file)) {
                        throw new UsageError("--scenario: "
                                + (Files.isDirectory(file) ? "a directory, not a file: " : "no such file: ") + v);
                    }
                    try {
                        scenario = Scenario.load(file);
                        if (scenario.workflows().isEmpty()) {
                            err.println("rootly-api-emulator: warning: " + v
                                    + " has no workflows; every workflow request will be answered 404");
                        }
                        builder.scenario(scenario);
                    } catch (IOException | IllegalArgumentException e) {
                        String m = e.getMessage() == null
                                ? e.toString()
                                : e.getMessage().lines().findFirst().orElse("");
                        throw new UsageError("--scenario: cannot use " + v + ": " + m + " (see --help for the format)");
                    }
                }
                case "--bind" -> {
                    String v = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                    try {
                        builder.bindAddress(InetAddress.getByName(v));
                    } catch (IOException e) {
                        throw new UsageError("--bind: '" + v + "' is not an address of this machine");
                    }
                }
                case "--webhook-url" -> {
                    webhookUrl = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                }
                case "--webhook-secret-file" -> {
                    webhookSecretFile = value(args, i, arg);
                    i += arg.contains("=") ? 0 : 1;
                }
                default -> throw new UsageError("unknown option '" + arg + "'; see --help");
            }
        }
        if (webhookUrl != null || webhookSecretFile != null) {
            webhook(builder, scenario, webhookUrl, webhookSecretFile);
        }
        RootlyEmulator emulator;
        try {
            emulator = builder.start();
        } catch (RuntimeException e) {
            throw new UsageError(e.getMessage());
        }
        out.println(emulator.baseUrl());
        out.flush();
        scenario = emulator.scenario();
        err.println("Rootly API emulator listening on " + emulator.baseUrl() + " with "
                + scenario.workflows().size() + " workflows:");
        scenario.workflows()
                .forEach(w -> err.println("  " + w.slug() + "  (" + w.id() + ")"
                        + (w.triggerType().equals("pulse")
                                ? "  pulse workflow" + (w.enabled() ? "" : ", disabled")
                                : "")));
        if (!scenario.services().isEmpty()) {
            err.println("Services: "
                    + String.join(
                            ", ",
                            scenario.services().stream()
                                    .map(x -> x.slug() + " (" + x.id() + ")")
                                    .toList()));
        }
        if (!scenario.environments().isEmpty()) {
            err.println("Environments: "
                    + String.join(
                            ", ",
                            scenario.environments().stream()
                                    .map(x -> x.slug() + " (" + x.id() + ")")
                                    .toList()));
        }
        emulator.webhookUrl()
                .ifPresent(u -> err.println("Webhooks: signed run events are POSTed to " + ControlHandler.masked(u)
                        + "; faults and delivery log: " + emulator.baseUrl() + "/_emulator/webhooks"));
        err.println("Ledger: " + emulator.baseUrl() + "/_emulator/runs   Stop: Ctrl-C or SIGTERM");
        return emulator;
    }

    /** The webhook flags, each falling back to the scenario's setting; the secret is read here, never echoed. */
    private static void webhook(RootlyEmulator.Builder builder, Scenario scenario, String url, String secretFile) {
        String u = url != null ? url : scenario.webhook().url();
        String file = secretFile != null ? secretFile : scenario.webhook().secretFile();
        if (u == null) {
            throw new UsageError("--webhook-secret-file needs --webhook-url (or webhook.url in the scenario)");
        }
        if (file == null) {
            throw new UsageError("--webhook-url needs --webhook-secret-file (or webhook.secretFile in the scenario)");
        }
        String flag = url != null ? "--webhook-url" : "--scenario";
        java.net.URI target;
        try {
            target = RootlyEmulator.webhookUri(u);
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + ": " + e.getMessage());
        }
        byte[] secret;
        try {
            secret = RootlyEmulator.readSecret(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new UsageError((secretFile != null ? "--webhook-secret-file" : "--scenario") + ": " + e.getMessage());
        }
        builder.webhook(target, new String(secret, StandardCharsets.UTF_8));
    }

    private static String value(String[] args, int i, String arg) {
        if (arg.contains("=")) {
            return arg.substring(arg.indexOf('=') + 1);
        }
        if (i + 1 >= args.length) {
            throw new UsageError(arg + " needs a value; see --help");
        }
        return args[i + 1];
    }

    private static String resource(String name) {
        try (InputStream in = Main.class.getResourceAsStream(name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Bad command-line input: one line, exit code 2. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
