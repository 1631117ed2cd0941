package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import okhttp3.Address;
import okhttp3.Authenticator;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** curl's proxy variables, read from a staged environment. */
class ProxyEnvironmentTest {

    /** The variables; each lookup reads them for the URL it is asked about, as an invocation does. */
    private static Map<String, String> of(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static ProxyEnvironment forUrl(Map<String, String> env, String url) {
        return ProxyEnvironment.from(new Environment(env), url);
    }

    private static String proxyFor(Map<String, String> env, String url) {
        Proxy proxy = forUrl(env, url).proxyFor(URI.create(url));
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        InetSocketAddress a = (InetSocketAddress) proxy.address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void noVariablesLeaveTheClientAlone() {
        ProxyEnvironment p = forUrl(of("HOME", "/root", "NO_PROXY", "*"), "https://api.rootly.com");
        assertThat(p.isEmpty()).isTrue();
        OkHttpClient.Builder b = new OkHttpClient.Builder();
        assertThat(p.applyTo(b).build().proxySelector()).isEqualTo(new OkHttpClient().proxySelector());
        assertThat(proxyFor(of(), "https://api.rootly.com/v1")).isEqualTo("DIRECT");
    }

    @Test
    void eachSchemeHasItsVariableAndAllProxyFillsIn() {
        Map<String, String> p = of("HTTPS_PROXY", "http://secure:3128", "http_proxy", "plain:8080");
        assertThat(proxyFor(p, "https://api.rootly.com/v1")).isEqualTo("secure:3128");
        assertThat(proxyFor(p, "http://127.0.0.1:9000/v1")).isEqualTo("plain:8080");

        Map<String, String> onlyAll = of("ALL_PROXY", "http://every:1");
        assertThat(proxyFor(onlyAll, "https://api.rootly.com")).isEqualTo("every:1");
        assertThat(proxyFor(onlyAll, "http://localhost:1")).isEqualTo("every:1");

        assertThat(proxyFor(of("HTTPS_PROXY", "http://secure:3128"), "http://localhost:1"))
                .isEqualTo("DIRECT");
    }

    @Test
    void lowerCaseWinsAsInCurlAndAMissingPortIsCurls1080() {
        Map<String, String> p = of("https_proxy", "http://lower", "HTTPS_PROXY", "http://upper:2");
        assertThat(proxyFor(p, "https://api.rootly.com")).isEqualTo("lower:1080");
        assertThat(proxyFor(of("https_proxy", " ", "HTTPS_PROXY", "http://upper:2"), "https://api.rootly.com"))
                .isEqualTo("upper:2");
    }

    @ParameterizedTest(name = "no_proxy={0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*                         | https://api.rootly.com         | DIRECT",
                "rootly.com                | https://api.rootly.com         | DIRECT",
                ".rootly.com               | https://api.rootly.com         | DIRECT",
                "rootly.com                | https://rootly.com             | DIRECT",
                "rootly.com                | https://notrootly.com          | proxy:3128",
                "example.org, rootly.com   | https://API.Rootly.com         | DIRECT",
                "api.rootly.com:443        | https://api.rootly.com         | DIRECT",
                "api.rootly.com:8443       | https://api.rootly.com         | proxy:3128",
                "10.0.0.0/8                | https://10.1.2.3:8443          | DIRECT",
                "10.0.0.0/8                | https://11.1.2.3               | proxy:3128",
                "192.168.1.7               | https://192.168.1.7            | DIRECT",
                "::1                       | https://[::1]:8443             | DIRECT",
                "[::1]:8443                | https://[::1]:8443             | DIRECT",
                "fd00::/8                  | https://[fd12::1]              | DIRECT",
                "fd00::/8                  | https://[fe80::1]              | proxy:3128",
                "localhost                 | https://127.0.0.1:8443         | proxy:3128",
            })
    void noProxyMatchesHostsDomainsAddressesAndBlocks(String noProxy, String url, String expected) {
        Map<String, String> p = of("HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", noProxy);
        assertThat(proxyFor(p, url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTPS_PROXY | https://user:hunter2@proxy:3128 | HTTPS_PROXY: 'https://***@proxy:3128' uses https://",
                "https_proxy | socks5://proxy:1080             | https_proxy: 'socks5://proxy:1080' uses socks5://",
                "HTTP_PROXY  | http://proxy:3128/path          | HTTP_PROXY: 'http://proxy:3128/path' has a path",
                "ALL_PROXY   | http://hunter2@:3128             | ALL_PROXY: 'http://***@:3128' names no proxy host",
                "HTTPS_PROXY | http://pro xy:1                 | HTTPS_PROXY: 'http://pro xy:1' is not a proxy URL",
            })
    void unusableValuesNameTheVariableAndNeverThePassword(String variable, String value, String message) {
        String url = variable.toLowerCase(java.util.Locale.ROOT).startsWith("http_")
                ? "http://127.0.0.1:1"
                : "https://api.rootly.com";
        assertThatThrownBy(() -> forUrl(of(variable, value), url))
                .isInstanceOf(ProxyEnvironment.BadProxyVariable.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void userInfoAnswersTheProxyOnceAndPercentEscapesAreDecoded() throws Exception {
        ProxyEnvironment p =
                forUrl(of("HTTPS_PROXY", "http://ci%40corp:p%3Ass+w@proxy:3128"), "https://api.rootly.com");
        Authenticator auth = p.authenticator();
        Route route = new Route(
                address(),
                new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy", 3128)),
                InetSocketAddress.createUnresolved("api.rootly.com", 443));
        Request request = new Request.Builder().url("https://api.rootly.com/v1").build();

        Request retried = auth.authenticate(route, challenge(request));

        assertThat(retried).isNotNull();
        assertThat(retried.header("Proxy-Authorization"))
                .isEqualTo(okhttp3.Credentials.basic("ci@corp", "p:ss+w", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(auth.authenticate(route, challenge(retried)))
                .as("refused credentials are not sent again")
                .isNull();

        Route otherProxy = new Route(
                address(),
                new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("elsewhere", 3128)),
                InetSocketAddress.createUnresolved("api.rootly.com", 443));
        assertThat(auth.authenticate(otherProxy, challenge(request))).isNull();
    }

    @Test
    void anUnusableVariableForTheOtherSchemeIsNoObstacle() {
        Map<String, String> env = of("ALL_PROXY", "socks5://elsewhere:1080", "HTTPS_PROXY", "http://proxy:3128");
        assertThat(proxyFor(env, "https://api.rootly.com")).isEqualTo("proxy:3128");
        assertThat(proxyFor(of("HTTP_PROXY", "ftp://x"), "https://api.rootly.com"))
                .isEqualTo("DIRECT");
    }

    @Test
    void shownValuesHideUserInfo() {
        assertThat(ProxyEnvironment.withoutUserInfo("http://u:p@h:1")).isEqualTo("http://***@h:1");
        assertThat(ProxyEnvironment.withoutUserInfo("u:p@h:1")).isEqualTo("***@h:1");
        assertThat(ProxyEnvironment.withoutUserInfo("http://h:1")).isEqualTo("http://h:1");
    }

    private static Address address() {
        OkHttpClient c = new OkHttpClient();
        return new Address(
                "api.rootly.com",
                443,
                Dns.SYSTEM,
                c.socketFactory(),
                null,
                null,
                null,
                c.proxyAuthenticator(),
                null,
                c.protocols(),
                c.connectionSpecs(),
                c.proxySelector());
    }

    private static Response challenge(Request request) {
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(407)
                .message("Proxy Authentication Required")
                .header("Proxy-Authenticate", "Basic realm=\"corp\"")
                .build();
    }
}
