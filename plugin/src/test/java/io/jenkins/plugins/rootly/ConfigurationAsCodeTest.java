package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import org.junit.jupiter.api.Test;

/** Configuration as Code: {@code unclassified: rootly:} imports and exports the global configuration. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsTheRootlySection(JenkinsConfiguredWithCodeRule j) {
        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();

        assertThat(config.getApiUrl()).isEqualTo("https://rootly.example.com");
        assertThat(config.getCredentialsId()).isEqualTo("rootly-api-token");
        assertThat(config.getTimeout()).isEqualTo("45m");
        assertThat(config.getPollInterval()).isEqualTo("15s");
        assertThat(config.getWebhookSecretCredentialsId()).isEqualTo("rootly-webhook-secret");
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("5m");
        assertThat(config.webhookSecret())
                .as("resolved through the credentials API")
                .isEqualTo("not-a-real-webhook-secret");
        assertThat(config.defaults().waitPollInterval("15s"))
                .as("webhooks on: waits poll at the fallback")
                .isEqualTo("5m");
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exportsTheRootlySection(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode rootly = Util.getUnclassifiedRoot(context).get("rootly");

        assertThat(Util.toYamlString(rootly)).isEqualTo(Util.toStringFromYamlFile(this, "expected-export.yml"));
    }

    /** A value no form checked: refused once with a clear warning, and builds keep a timeout that parses. */
    @Test
    @ConfiguredWithCode("bad-timeout.yml")
    void aTimeoutThatIsNoDurationFallsBackToTheDefault(JenkinsConfiguredWithCodeRule j) {
        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();

        assertThat(config.getTimeout()).isEqualTo("30m");
        assertThat(config.getPollInterval()).isEqualTo("15s");
        assertThat(RootlyGlobalConfiguration.validDuration("timeout", "abc", "30m"))
                .isEqualTo("30m");
    }

    @Test
    @ConfiguredWithCode("bad-webhook-interval.yml")
    void aFallbackIntervalThatIsNoDurationFallsBackToTwoMinutes(JenkinsConfiguredWithCodeRule j) {
        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();

        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("2m");
        assertThat(config.getWebhookSecretCredentialsId()).isNull();
        assertThat(config.defaults().webhooksOn()).as("no secret: webhooks off").isFalse();
    }
}
