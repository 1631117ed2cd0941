package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.net.URL;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Test connection and form endpoints: POST only, administrators only, and specific answers. */
@WithJenkins
class RootlyGlobalConfigurationTest {
    private static final String DESCRIPTOR = "descriptorByName/io.jenkins.plugins.rootly.RootlyGlobalConfiguration/";

    private JenkinsRule j;
    private RootlyEmulator emulator;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        emulator = RootlyTestSupport.emulator();
        RootlyTestSupport.configure(emulator);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    private Page call(String user, HttpMethod method, String query) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withBasicApiToken(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        return wc.getPage(new WebRequest(new URL(j.getURL(), DESCRIPTOR + "testConnection?" + query), method));
    }

    @Test
    void testConnectionRefusesGetAndNonAdministrators() throws Exception {
        String query = "apiUrl=" + emulator.baseUrl() + "&credentialsId=" + RootlyTestSupport.CREDENTIALS_ID;

        assertThat(call("admin", HttpMethod.GET, query).getWebResponse().getStatusCode())
                .isEqualTo(405);
        assertThat(call("reader", HttpMethod.POST, query).getWebResponse().getStatusCode())
                .isEqualTo(403);
        Page ok = call("admin", HttpMethod.POST, query);
        assertThat(ok.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(ok.getWebResponse().getContentAsString()).contains("Connected to Rootly");
    }

    @Test
    void testConnectionNamesAWrongTokenAndAWrongUrl() throws Exception {
        com.cloudbees.plugins.credentials.SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl(
                        com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL,
                        "wrong",
                        "",
                        hudson.util.Secret.fromString("nope")));

        assertThat(call("admin", HttpMethod.POST, "apiUrl=" + emulator.baseUrl() + "&credentialsId=wrong")
                        .getWebResponse()
                        .getContentAsString())
                .contains("Rootly rejected the token (401");
        assertThat(call("admin", HttpMethod.POST, "apiUrl=http://example.com&credentialsId=wrong")
                        .getWebResponse()
                        .getContentAsString())
                .contains("plain HTTP is refused");
    }

    /** Manage Jenkins > System renders the Rootly section and saves it unchanged. */
    @Test
    void systemConfigPageRendersAndRoundTrips() throws Exception {
        // configRoundtrip() browses anonymously, and anonymous may read nothing on this controller.
        j.submit(j.createWebClient().login("admin").goTo("configure").getFormByName("config"));

        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();
        assertThat(config.getApiUrl()).isEqualTo(emulator.baseUrl());
        assertThat(config.getCredentialsId()).isEqualTo(RootlyTestSupport.CREDENTIALS_ID);
        assertThat(config.getPollInterval()).isEqualTo("1s");
    }
}
