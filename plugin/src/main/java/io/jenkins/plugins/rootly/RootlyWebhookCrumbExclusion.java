package io.jenkins.plugins.rootly;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets Rootly's POST to {@code /rootly-webhook/} through without a CSRF crumb, which Rootly cannot fetch. Nothing is
 * lost: the endpoint acts on nothing but a correctly signed body, and then only asks Rootly again.
 */
@Extension
public final class RootlyWebhookCrumbExclusion extends CrumbExclusion {
    private static final String PATH = "/" + RootlyWebhookEndpoint.URL_NAME;

    @Override
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (PATH.equals(path) || (PATH + "/").equals(path)) {
            chain.doFilter(request, response);
            return true;
        }
        return false;
    }
}
