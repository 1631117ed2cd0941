package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator for a whole test class ({@code @RegisterExtension static}), started from a YAML scenario before the
 * first test, its ledger and faults reset before each, closed after the last: what the jar tests share.
 */
final class ClassEmulator implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final String token;
    private final String scenario;
    private RootlyEmulator emulator;

    ClassEmulator(String token, String scenarioYaml) {
        this.token = token;
        this.scenario = scenarioYaml;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            emulator = RootlyEmulator.builder()
                    .token(token)
                    .scenario(Scenario.parse(scenario))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
    }

    String baseUrl() {
        return emulator.baseUrl();
    }

    List<RootlyEmulator.LedgerEntry> ledger() {
        return emulator.ledger();
    }

    List<RootlyEmulator.PulseEntry> pulses() {
        return emulator.pulses();
    }

    Map<String, Integer> requestCounts() {
        return emulator.requestCounts();
    }

    void inject(Fault fault) {
        emulator.inject(fault);
    }
}
