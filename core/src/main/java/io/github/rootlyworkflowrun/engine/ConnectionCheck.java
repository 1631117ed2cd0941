package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Workflow;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;

/**
 * One request that tells whether an API URL and token work, and if not, which of the usual causes it is: a wrong
 * token, missing permission, a wrong URL, DNS, TLS, a proxy. For "Test connection" buttons and preflight checks.
 */
public final class ConnectionCheck {
    /** The answer: whether it worked, and one line saying what was found or what to fix. */
    public record Report(boolean ok, String message) {}

    private ConnectionCheck() {}

    /** Lists one workflow with {@code client}; never throws. {@code tokenSource} names where the token came from. */
    public static Report check(RootlyClient client, String tokenSource) {
        String host = host(client.apiUrl());
        try {
            Page<Workflow> page = client.listWorkflows(null, null, 1, 1);
            Integer total = page.totalCount();
            return new Report(
                    true,
                    "Connected to Rootly at " + client.apiUrl() + "; the token can list workflows"
                            + (total == null ? "" : " (" + total + " visible)") + ".");
        } catch (RootlyApiException e) {
            return new Report(false, describe(e, client.apiUrl(), host, tokenSource));
        }
    }

    static String describe(RootlyApiException e, String apiUrl, String host, String tokenSource) {
        String rootly = e.title() == null ? "" : " (" + e.title() + ")";
        if (e.kind() == RootlyApiException.Kind.HTTP) {
            return switch (e.status()) {
                case 401 -> "Rootly rejected the token (401"
                        + rootly.replace(" (", " ").replace(")", "") + "): check the API token in " + tokenSource + ".";
                case 403 -> "The token is valid but may not list workflows (403"
                        + rootly.replace(" (", " ").replace(")", "") + "): give its role access to workflows.";
                case 404 -> "No Rootly API answered at " + apiUrl
                        + " (404): check the API URL, e.g. https://api.rootly.com.";
                case 407 -> "The HTTP proxy asks for authentication (407): check the proxy user and password in the proxy settings.";
                default -> "Unexpected answer from " + apiUrl + ": HTTP " + e.status() + rootly
                        + (e.detail() != null ? "; " + e.detail() : "") + ".";
            };
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnknownHostException) {
            return "Cannot resolve " + host
                    + " (DNS): check the API URL and the DNS or proxy settings of this machine.";
        }
        if (cause instanceof SSLException) {
            return "TLS handshake with " + host + " failed (" + cause.getMessage()
                    + "): if a TLS-inspecting proxy is in the"
                    + " way, add its CA certificate to the Java trust store.";
        }
        if (cause instanceof ConnectException) {
            return "Connection to " + host + " was refused: check the API URL, firewalls and the proxy settings.";
        }
        if (cause instanceof SocketTimeoutException) {
            return "No answer from " + host + " in time: check the network path and the proxy settings.";
        }
        return "Could not reach " + apiUrl + ": " + e.title() + ".";
    }

    private static String host(String apiUrl) {
        HttpUrl url = HttpUrl.parse(apiUrl);
        return url == null ? apiUrl : url.host();
    }
}
