package io.jenkins.plugins.rootly;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The webhook endpoint served over real HTTP on loopback, the way a controller reaches it: a POST passes Jenkins'
 * crumb filter only through a {@link CrumbExclusion} (else 403, as CrumbFilter answers without a crumb), then the
 * request goes to the root action whose url name is the first path segment, as Stapler dispatches it, and its
 * {@code doIndex}. The servlet request and response are adapters over the exchange that answer only what a servlet
 * container would and fail on anything else, so the endpoint using more of the servlet API than this fails here.
 */
final class WebhookHttp implements AutoCloseable {
    private final HttpServer server;
    private final RootlyWebhookEndpoint endpoint;
    private final CrumbExclusion exclusion;
    private volatile long lastBodyBytesRead;

    WebhookHttp(RootlyWebhookEndpoint endpoint, CrumbExclusion exclusion) throws IOException {
        this.endpoint = endpoint;
        this.exclusion = exclusion;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code <jenkins url>} of this stand-in controller, ending in a slash. */
    URI rootUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The endpoint's URL, as the docs tell admins to give Rootly. */
    URI webhookUrl() {
        return rootUrl().resolve(endpoint.getUrlName() + "/");
    }

    /** How many bytes of the last request's body the endpoint read. */
    long lastBodyBytesRead() {
        return lastBodyBytesRead;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response = new Response();
            long[] read = {0};
            StaplerRequest2 req = request(exchange, read);
            StaplerResponse2 rsp = response.proxy();
            if ("POST".equals(exchange.getRequestMethod())) {
                boolean excluded;
                try {
                    excluded = exclusion.process(req, rsp, (q, s) -> dispatch(exchange, req, rsp));
                } catch (jakarta.servlet.ServletException e) {
                    throw new IOException(e);
                }
                if (!excluded) {
                    response.status = 403;
                    response.body.writeBytes(
                            "No valid crumb was included in the request".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                dispatch(exchange, req, rsp);
            }
            lastBodyBytesRead = read[0];
            // As a container does to keep the connection: what the endpoint left unread is read and dropped before
            // the answer goes out, so the client, still sending, is not cut off.
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            response.send(exchange);
        }
    }

    private void dispatch(HttpExchange exchange, StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String first = path.substring(1).split("/", -1)[0];
        if (first.equals(endpoint.getUrlName()) && path.length() <= first.length() + 2) {
            endpoint.doIndex(req, rsp);
        } else {
            rsp.setStatus(404);
        }
    }

    private static StaplerRequest2 request(HttpExchange exchange, long[] read) {
        InputStream body = exchange.getRequestBody();
        ServletInputStream in = new ServletInputStream() {
            private boolean finished;

            @Override
            public int read() throws IOException {
                int b = body.read();
                finished = b < 0;
                read[0] += finished ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = body.read(b, off, len);
                finished = n < 0;
                read[0] += Math.max(n, 0);
                return n;
            }

            @Override
            public boolean isFinished() {
                return finished;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener readListener) {
                throw new UnsupportedOperationException("no async reads here");
            }
        };
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return (StaplerRequest2) proxy(StaplerRequest2.class, (p, m, args) -> switch (m.getName()) {
            case "getMethod" -> exchange.getRequestMethod();
            case "getHeader" -> exchange.getRequestHeaders().getFirst((String) args[0]);
            case "getContentLengthLong" -> length == null ? -1L : Long.parseLong(length);
            case "getInputStream" -> in;
            case "getRemoteAddr" -> exchange.getRemoteAddress().getAddress().getHostAddress();
            case "getPathInfo" -> exchange.getRequestURI().getPath();
            default -> throw new UnsupportedOperationException("HttpServletRequest." + m.getName());
        });
    }

    /** What the endpoint wrote, sent once it returns, as a container commits a response. */
    private static final class Response {
        int status = 200;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private PrintWriter writer;

        StaplerResponse2 proxy() {
            return (StaplerResponse2) WebhookHttp.proxy(StaplerResponse2.class, (p, m, args) -> {
                switch (m.getName()) {
                    case "setStatus" -> status = (int) args[0];
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                    case "getWriter" -> {
                        if (writer == null) {
                            writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
                        }
                        return writer;
                    }
                    default -> throw new UnsupportedOperationException("HttpServletResponse." + m.getName());
                }
                return null;
            });
        }

        void send(HttpExchange exchange) throws IOException {
            if (writer != null) {
                writer.flush();
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] bytes = body.toByteArray();
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> type.getSimpleName() + " over an HttpExchange";
                    case "hashCode" -> System.identityHashCode(p);
                    default -> p == args[0];
                };
            }
            try {
                return handler.invoke(p, m, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
