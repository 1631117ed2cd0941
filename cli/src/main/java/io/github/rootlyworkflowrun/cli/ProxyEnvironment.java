package io.github.rootlyworkflowrun.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * The proxy variables curl reads: {@code https_proxy} for https URLs, {@code http_proxy} for http ones,
 * {@code all_proxy} for either when those are unset, and {@code no_proxy} for hosts to reach directly; each in
 * lower case first, then upper case. A proxy URL's user info becomes proxy authentication (Basic), and never
 * appears in any message.
 */
final class ProxyEnvironment {
    /** curl's port for a proxy URL that names none. */
    static final int DEFAULT_PORT = 1080;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final ProxyVariable https;
    private final ProxyVariable http;
    private final List<NoProxyRule> noProxy;

    private ProxyEnvironment(ProxyVariable https, ProxyVariable http, List<NoProxyRule> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** A proxy variable the CLI cannot use; its message names the variable and the fix, and hides any password. */
    static final class BadProxyVariable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadProxyVariable(String message) {
            super(message);
        }
    }

    /** One configured proxy: where it is and the credentials its URL carried. */
    record ProxyVariable(String variable, Proxy proxy, String user, String password) {
        String host() {
            return ((InetSocketAddress) proxy.address()).getHostString();
        }

        int port() {
            return ((InetSocketAddress) proxy.address()).getPort();
        }
    }

    /** One {@code no_proxy} entry: a host or domain suffix, an address or CIDR block, optionally with a port. */
    record NoProxyRule(String domain, byte[] network, int prefix, int port) {
        boolean matches(String host, int hostPort) {
            if ("*".equals(domain)) {
                return true;
            }
            if (port > 0 && port != hostPort) {
                return false;
            }
            if (network == null) {
                return host.equals(domain) || host.endsWith("." + domain);
            }
            byte[] address = literalAddress(host);
            if (address == null || address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The proxy settings for calls to {@code apiUrl}. Only the variables that apply to its scheme are read, so an
     * unusable value meant for other tools (an {@code all_proxy=socks5://...} beside {@code https_proxy}) is no
     * reason to refuse a run.
     */
    static ProxyEnvironment from(Environment env, String apiUrl) {
        boolean https = apiUrl.regionMatches(true, 0, "https:", 0, 6);
        ProxyVariable chosen = proxy(env, https ? "https_proxy" : "http_proxy");
        if (chosen == null) {
            chosen = proxy(env, "all_proxy");
        }
        String noProxy = chosen == null ? null : value(env, "no_proxy");
        return new ProxyEnvironment(
                https ? chosen : null, https ? null : chosen, noProxy == null ? List.of() : rules(noProxy));
    }

    /** True when no proxy variable is set: the client is left exactly as it was. */
    boolean isEmpty() {
        return https == null && http == null;
    }

    /** The client with these proxies and their authentication; unchanged when no variable is set. */
    OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
        return isEmpty() ? builder : builder.proxySelector(selector()).proxyAuthenticator(authenticator());
    }

    /** The proxy for a URL, or a direct connection: {@code no_proxy} first, then the variable for its scheme. */
    Proxy proxyFor(URI uri) {
        String host = normalHost(uri.getHost());
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        ProxyVariable chosen = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (chosen == null || noProxy.stream().anyMatch(r -> r.matches(host, port))) {
            return Proxy.NO_PROXY;
        }
        return chosen.proxy();
    }

    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxyFor(uri));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // nothing to remember: there is one proxy per scheme, and the call reports the failure
            }
        };
    }

    /**
     * Answers a proxy's 407 (and OkHttp's pre-emptive CONNECT challenge) with the proxy URL's credentials, once:
     * a proxy that refuses them gets its 407 back to the user rather than the same credentials again.
     */
    Authenticator authenticator() {
        return (Route route, Response response) -> {
            if (route == null || response.request().header("Proxy-Authorization") != null) {
                return null;
            }
            InetSocketAddress address = (InetSocketAddress) route.proxy().address();
            for (ProxyVariable p : new ProxyVariable[] {https, http}) {
                if (p != null
                        && p.user() != null
                        && p.host().equalsIgnoreCase(address.getHostString())
                        && p.port() == address.getPort()) {
                    Request.Builder retry = response.request().newBuilder();
                    return retry.header(
                                    "Proxy-Authorization",
                                    Credentials.basic(p.user(), p.password(), StandardCharsets.UTF_8))
                            .build();
                }
            }
            return null;
        };
    }

    private static String value(Environment env, String lowerName) {
        String v = env.get(lowerName);
        if (v == null || v.isBlank()) {
            v = env.get(lowerName.toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static ProxyVariable proxy(Environment env, String lowerName) {
        String value = value(env, lowerName);
        if (value == null) {
            return null;
        }
        String variable = env.get(lowerName) != null && !env.get(lowerName).isBlank()
                ? lowerName
                : lowerName.toUpperCase(Locale.ROOT);
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw bad(variable, value, "is not a proxy URL; use http://host:port or http://user:password@host:port");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw bad(
                    variable,
                    value,
                    "uses " + uri.getScheme() + "://, which this tool does not support; use the proxy's http:// address"
                            + " (https URLs are still tunnelled with TLS end to end)");
        }
        if (uri.getHost() == null) {
            throw bad(variable, value, "names no proxy host; use http://host:port");
        }
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw bad(variable, value, "has a path; a proxy URL is http://host:port");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(normalHost(uri.getHost()), port));
        return new ProxyVariable(variable, proxy, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static BadProxyVariable bad(String variable, String value, String problem) {
        return new BadProxyVariable(variable + ": '" + withoutUserInfo(value) + "' " + problem);
    }

    /** The value as it may be shown: anything before an '@' could be a password. */
    static String withoutUserInfo(String value) {
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        int scheme = value.indexOf("://");
        return (scheme >= 0 && scheme < at ? value.substring(0, scheme + 3) : "") + "***@" + value.substring(at + 1);
    }

    private static List<NoProxyRule> rules(String noProxy) {
        List<NoProxyRule> rules = new ArrayList<>();
        for (String raw : noProxy.split("[,\\s]+")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return List.of(new NoProxyRule("*", null, 0, 0));
            }
            rules.add(rule(entry));
        }
        return List.copyOf(rules);
    }

    private static NoProxyRule rule(String entry) {
        int port = 0;
        String host = entry;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0 && host.startsWith(":", close + 1)) {
                port = parsePort(host.substring(close + 2));
            }
            host = host.substring(1, close > 0 ? close : host.length());
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            port = parsePort(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        int slash = host.indexOf('/');
        String address = slash < 0 ? host : host.substring(0, slash);
        byte[] network = literalAddress(address);
        if (network != null) {
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Math.min(prefix, Math.max(0, Integer.parseInt(host.substring(slash + 1))));
                } catch (NumberFormatException e) {
                    network = null; // not a CIDR block after all; matched as a name below, which is harmless
                }
            }
            if (network != null) {
                return new NoProxyRule(null, network, prefix, port);
            }
        }
        return new NoProxyRule(host.startsWith(".") ? host.substring(1) : host, null, 0, port);
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The bytes of an IP literal, or null for a name; never a DNS lookup. */
    static byte[] literalAddress(String host) {
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static String normalHost(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
