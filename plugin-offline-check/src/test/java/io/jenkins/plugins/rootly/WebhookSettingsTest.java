package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import hudson.util.FormValidation;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which poll interval a wait uses, in the one place that decides it, and the two global webhook settings. */
class WebhookSettingsTest {
    private static final Map<String, Object> CI = Map.of("provider", "jenkins");
    private static final RootlyServices.Defaults OFF =
            new RootlyServices.Defaults("https://rootly.example.com", "token", "30m", "20s");
    private static final RootlyServices.Defaults ON =
            new RootlyServices.Defaults("https://rootly.example.com", "token", "30m", "20s", "3m");

    @Test
    void withWebhooksOnTheFallbackIntervalWinsOverEveryPollInterval() {
        assertThat(ON.webhooksOn()).isTrue();
        assertThat(ON.waitPollInterval(null)).isEqualTo("3m");
        assertThat(ON.waitPollInterval("5s")).isEqualTo("3m");
        assertThat(ON.webhookNote()).isEqualTo("webhooks on: polling every 3m as a fallback");
    }

    @Test
    void withWebhooksOffTheStepsIntervalWinsOverTheGlobalOneWhichWinsOverCores() {
        RootlyServices.Defaults none = new RootlyServices.Defaults(null, null, null, null);

        assertThat(OFF.webhooksOn()).isFalse();
        assertThat(new RootlyServices.Defaults(null, null, null, null, " ").webhooksOn())
                .isFalse();
        assertThat(OFF.waitPollInterval("5s")).isEqualTo("5s");
        assertThat(OFF.waitPollInterval(" ")).isEqualTo("20s");
        assertThat(none.waitPollInterval(null)).isNull();
        assertThat(OFF.webhookNote()).isNull();
    }

    @Test
    void theSpecOfAWaitCarriesTheIntervalChosen() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("deploy");
        step.setWait(true);
        step.setPollInterval("5s");

        RunSpec on = step.toSpec(ON, "tok", "token", null, CI);
        RunSpec off = step.toSpec(OFF, "tok", "token", null, CI);
        RunSpec core = new RootlyWorkflowRunStep("deploy")
                .toSpec(new RootlyServices.Defaults(null, null, null, null), "tok", "token", null, CI);

        assertThat(on.pollInterval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(off.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(core.pollInterval()).isEqualTo(RunSpec.DEFAULT_POLL_INTERVAL);
    }

    @Test
    void aFreshGlobalConfigurationHasWebhooksOffAndTheTwoMinuteFallback() {
        RootlyGlobalConfiguration config = new RootlyGlobalConfiguration();

        assertThat(config.getWebhookSecretCredentialsId()).isNull();
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("2m");
        assertThat(config.webhookSecret())
                .as("no id: off, without asking Jenkins")
                .isNull();
        assertThat(config.defaults().webhooksOn()).isFalse();
        assertThat(config.defaults().pollInterval()).isEqualTo("10s");
    }

    @Test
    void settersTreatBlankAsUnsetAndRefuseADurationThatDoesNotParse() {
        RootlyGlobalConfiguration config = new RootlyGlobalConfiguration();

        config.setWebhookSecretCredentialsId("  ");
        config.setWebhookFallbackPollInterval("soon");
        assertThat(config.getWebhookSecretCredentialsId()).isNull();
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("2m");

        config.setWebhookSecretCredentialsId(" rootly-webhook-secret ");
        config.setWebhookFallbackPollInterval("5m");
        assertThat(config.getWebhookSecretCredentialsId()).isEqualTo("rootly-webhook-secret");
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("5m");
        assertThat(RootlyGlobalConfiguration.validDuration("webhookFallbackPollInterval", "0s", "2m"))
                .isEqualTo("2m");
    }

    /** An XML file from before webhooks: load() fills the fields it has and leaves the others as constructed. */
    @Test
    void aConfigurationSavedBeforeWebhooksLoadsWithThemOff() {
        XStream xstream = new XStream();
        xstream.allowTypesByWildcard(new String[] {"io.jenkins.plugins.rootly.**"});
        RootlyGlobalConfiguration config = new RootlyGlobalConfiguration();

        xstream.fromXML(
                """
                <io.jenkins.plugins.rootly.RootlyGlobalConfiguration>
                  <apiUrl>https://rootly.example.com</apiUrl>
                  <credentialsId>rootly-token</credentialsId>
                  <timeout>45m</timeout>
                  <pollInterval>15s</pollInterval>
                </io.jenkins.plugins.rootly.RootlyGlobalConfiguration>
                """,
                config);

        assertThat(config.getWebhookSecretCredentialsId()).isNull();
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("2m");
        assertThat(config.defaults().waitPollInterval(null)).isEqualTo("15s");
        assertThat(xstream.toXML(config))
                .as("saved again, both settings are written")
                .contains("<webhookFallbackPollInterval>2m</webhookFallbackPollInterval>");
    }

    @Test
    void theFallbackIntervalsFormCheckIsCoresDurationRule() {
        assertThat(FormChecks.duration("webhookFallbackPollInterval", "2m").getMessage())
                .isEqualTo("= 2m");
        assertThat(FormChecks.duration("webhookFallbackPollInterval", "90s").getMessage())
                .isEqualTo("= 1m30s");
        FormValidation bad = FormChecks.duration("webhookFallbackPollInterval", "two minutes");
        assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(bad.getMessage()).contains("is not a duration");
        assertThat(FormChecks.duration("webhookFallbackPollInterval", "0s").kind)
                .isEqualTo(FormValidation.Kind.ERROR);
    }
}
