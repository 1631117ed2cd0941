package io.jenkins.plugins.rootly;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.ConnectionCheck;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Rootly: the API URL, the default credential, the default timeout and poll interval,
 * and the webhook secret with the poll interval used while webhooks are on. In Configuration as Code it is {@code
 * unclassified: rootly:}.
 */
@Extension
@Symbol("rootly")
public class RootlyGlobalConfiguration extends GlobalConfiguration {
    private String apiUrl = RootlyClient.DEFAULT_API_URL;
    private String credentialsId;
    /** Core's defaults, as the form shows and Configuration as Code exports them. */
    static final String DEFAULT_TIMEOUT = Durations.format(RunSpec.DEFAULT_TIMEOUT);

    static final String DEFAULT_POLL_INTERVAL = Durations.format(RunSpec.DEFAULT_POLL_INTERVAL);

    private String timeout = DEFAULT_TIMEOUT;
    private String pollInterval = DEFAULT_POLL_INTERVAL;

    /** Contract section 9: while webhooks end the waits, polling only covers a lost webhook. */
    static final String DEFAULT_WEBHOOK_FALLBACK_POLL_INTERVAL = "2m";

    private String webhookSecretCredentialsId;
    private String webhookFallbackPollInterval = DEFAULT_WEBHOOK_FALLBACK_POLL_INTERVAL;

    private static final Logger LOGGER = Logger.getLogger(RootlyGlobalConfiguration.class.getName());

    public RootlyGlobalConfiguration() {
        load();
        // A value written to the XML file, by a script or by Configuration as Code never went through the form
        // check; refusing it here, once and loudly, beats every build failing on it later.
        timeout = validDuration("timeout", timeout, DEFAULT_TIMEOUT);
        pollInterval = validDuration("pollInterval", pollInterval, DEFAULT_POLL_INTERVAL);
        webhookFallbackPollInterval = validDuration(
                "webhookFallbackPollInterval", webhookFallbackPollInterval, DEFAULT_WEBHOOK_FALLBACK_POLL_INTERVAL);
    }

    /** The duration if it parses, else the default, with one warning naming the setting and the fix. */
    static String validDuration(String field, String value, String fallback) {
        String v = RootlyRunSettings.firstNonBlank(value, null, fallback);
        try {
            Durations.parse(field, v);
            return v;
        } catch (UsageException e) {
            LOGGER.warning("Rootly global configuration: " + e.getMessage() + "; using the default " + fallback
                    + " instead. Fix it under Manage Jenkins > System > Rootly or in the unclassified: rootly:"
                    + " section of Configuration as Code.");
            return fallback;
        }
    }

    public static RootlyGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(RootlyGlobalConfiguration.class);
    }

    RootlyServices.Defaults defaults() {
        return new RootlyServices.Defaults(
                apiUrl,
                credentialsId,
                timeout,
                pollInterval,
                webhookSecret() == null ? null : webhookFallbackPollInterval);
    }

    /**
     * The webhook secret as its credential holds it now, so a changed or removed credential takes effect without a
     * restart; null while none is configured, or the one named is missing or blank (webhooks are then off).
     */
    String webhookSecret() {
        String id = webhookSecretCredentialsId;
        if (id == null) {
            return null;
        }
        StringCredentials secret = CredentialsProvider.findCredentialByIdInItemGroup(
                id, StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        if (secret == null || secret.getSecret().getPlainText().isBlank()) {
            LOGGER.warning("Rootly webhooks are off: webhookSecretCredentialsId '" + id + "' names no Secret text"
                    + " credential with a non-blank secret at the top level. Add it, or fix the id under Manage"
                    + " Jenkins > System > Rootly.");
            return null;
        }
        return secret.getSecret().getPlainText();
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = RootlyRunSettings.firstNonBlank(apiUrl, null, RootlyClient.DEFAULT_API_URL);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = RootlyRunSettings.firstNonBlank(credentialsId, null, null);
        save();
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = validDuration("timeout", timeout, DEFAULT_TIMEOUT);
        save();
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = validDuration("pollInterval", pollInterval, DEFAULT_POLL_INTERVAL);
        save();
    }

    public String getWebhookSecretCredentialsId() {
        return webhookSecretCredentialsId;
    }

    /** The Secret text credential holding the secret of Rootly's webhook; blank turns webhooks off. */
    @DataBoundSetter
    public void setWebhookSecretCredentialsId(String webhookSecretCredentialsId) {
        this.webhookSecretCredentialsId = RootlyRunSettings.firstNonBlank(webhookSecretCredentialsId, null, null);
        save();
    }

    public String getWebhookFallbackPollInterval() {
        return webhookFallbackPollInterval;
    }

    @DataBoundSetter
    public void setWebhookFallbackPollInterval(String webhookFallbackPollInterval) {
        this.webhookFallbackPollInterval = validDuration(
                "webhookFallbackPollInterval", webhookFallbackPollInterval, DEFAULT_WEBHOOK_FALLBACK_POLL_INTERVAL);
        save();
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String apiUrl, @QueryParameter String credentialsId) {
        return FormChecks.credentialsItems(null, apiUrl, credentialsId);
    }

    @POST
    public ListBoxModel doFillWebhookSecretCredentialsIdItems(@QueryParameter String webhookSecretCredentialsId) {
        return FormChecks.credentialsItems(null, null, webhookSecretCredentialsId);
    }

    @POST
    public FormValidation doCheckWebhookSecretCredentialsId(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.credentialsId(null, value, null);
    }

    @POST
    public FormValidation doCheckWebhookFallbackPollInterval(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration("webhookFallbackPollInterval", value);
    }

    @POST
    public FormValidation doCheckApiUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.apiUrl(value);
    }

    @POST
    public FormValidation doCheckTimeout(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration("timeout", value);
    }

    @POST
    public FormValidation doCheckPollInterval(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration("pollInterval", value);
    }

    /** One request with the chosen URL and credential, through Jenkins' proxy; a specific message for each failure. */
    @POST
    public FormValidation doTestConnection(@QueryParameter String apiUrl, @QueryParameter String credentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String url = RootlyRunSettings.firstNonBlank(apiUrl, null, RootlyClient.DEFAULT_API_URL);
        FormValidation urlProblem = FormChecks.apiUrl(url);
        if (urlProblem.kind != FormValidation.Kind.OK) {
            return urlProblem;
        }
        if (credentialsId == null || credentialsId.isBlank()) {
            return FormValidation.error("Choose a Secret text credential holding a Rootly API token");
        }
        StringCredentials credentials = CredentialsProvider.findCredentialByIdInItemGroup(
                credentialsId,
                StringCredentials.class,
                Jenkins.get(),
                ACL.SYSTEM2,
                URIRequirementBuilder.fromUri(url).build());
        if (credentials == null) {
            return FormValidation.error(
                    "No Secret text credential '" + credentialsId + "' is visible at the top level");
        }
        RootlyClient client = RootlyClient.create(
                url,
                ApiToken.of(credentials.getSecret().getPlainText()),
                JenkinsOkHttpClient.newClientBuilder(
                                RootlyClient.defaultHttpClient().build())
                        .build(),
                Clock.systemUTC(),
                "rootly-workflow-run (jenkins; test connection)");
        ConnectionCheck.Report report = ConnectionCheck.check(client, "credentials '" + credentialsId + "'");
        if (report.ok()) {
            return FormValidation.ok(report.message());
        }
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        String via =
                proxy == null ? "" : " (through the Jenkins proxy " + proxy.getName() + ":" + proxy.getPort() + ")";
        return FormValidation.error(report.message() + via);
    }
}
