package io.jenkins.plugins.rootly;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.webhook.WebhookInbox;
import io.github.rootlyworkflowrun.webhook.WebhookSignature;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code <JENKINS_URL>/rootly-webhook/}: receives Rootly's outgoing webhooks (POST, anonymous, no crumb; see {@link
 * RootlyWebhookCrumbExclusion}) and hands each to core's {@link WebhookInbox}, which checks the signature and nudges
 * the wait on that run. The answer is the inbox's: status and one line of text. Not found while no webhook secret is
 * configured; no icon and no link.
 */
@Extension
public final class RootlyWebhookEndpoint implements UnprotectedRootAction {
    static final String URL_NAME = "rootly-webhook";

    static final String OFF =
            "Rootly webhooks are off: no webhook secret is configured under Manage Jenkins > System" + " > Rootly";
    static final String POST_ONLY = "Rootly webhooks are received with POST only";

    private static final Logger LOGGER = Logger.getLogger(RootlyWebhookEndpoint.class.getName());

    // One inbox per engine: its replay memory and its limit on concurrent receives must span requests.
    private RunEngine inboxEngine;
    private WebhookInbox inbox;

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** Every method on {@code /rootly-webhook/} lands here; only a POST with webhooks on reaches the inbox. */
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        RootlyServices services = RootlyServices.get();
        String secret = services.webhookSecret();
        WebhookInbox.Answer answer;
        if (secret == null) {
            answer = new WebhookInbox.Answer(404, OFF);
        } else if (!"POST".equals(req.getMethod())) {
            answer = new WebhookInbox.Answer(405, POST_ONLY);
            rsp.setHeader("Allow", "POST");
        } else {
            answer = inbox(services)
                    .receive(
                            secret,
                            req.getHeader(WebhookSignature.HEADER),
                            req.getContentLengthLong(),
                            req.getInputStream());
        }
        log(req.getMethod(), req.getRemoteAddr(), answer);
        rsp.setStatus(answer.status());
        rsp.setContentType("text/plain;charset=UTF-8");
        rsp.getWriter().print(answer.message() + "\n");
    }

    private synchronized WebhookInbox inbox(RootlyServices services) {
        RunEngine engine = services.engine();
        if (inbox == null || inboxEngine != engine) {
            inbox = new WebhookInbox(engine, services.clock());
            inboxEngine = engine;
        }
        return inbox;
    }

    /**
     * One line per webhook, the one admins are told to look for: what came of it, never the secret or the body (the
     * inbox's message repeats only a sanitised event id, type and run id). Refusals are warnings: a wrong secret or a
     * clock off by minutes shows here first.
     */
    private static void log(String method, String from, WebhookInbox.Answer answer) {
        int status = answer.status();
        Level level = status == 405 ? Level.FINE : status < 300 || status == 404 ? Level.INFO : Level.WARNING;
        if (LOGGER.isLoggable(level)) {
            LOGGER.log(level, "Rootly webhook " + method + " from " + from + ": " + status + " " + answer.message());
        }
    }
}
