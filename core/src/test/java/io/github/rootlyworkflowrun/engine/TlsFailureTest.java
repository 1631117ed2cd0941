package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.RootlyClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 8: TLS failures are never retried and say what is wrong, over real sockets: a server whose
 * certificate is self-signed, a plain-HTTP server, and a server that never answers the handshake.
 */
class TlsFailureTest extends EngineTestBase {
    private static final HeldCertificate LOCALHOST = new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .commonName("localhost")
            .build();

    @Test
    void anUntrustedCertificateIsOneAttemptWithTheFix() {
        server.useHttps(new HandshakeCertificates.Builder()
                .heldCertificate(LOCALHOST)
                .build()
                .sslSocketFactory());

        RunResult result = run(spec().apiUrl(httpsUrl(server.getPort())).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("certificate not trusted")
                .contains("keytool -importcert")
                .contains("javax.net.ssl.trustStore")
                .doesNotContain("PKIX")
                .doesNotContain(TOKEN);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).isEmpty();
        assertThat(eventsOf(ProgressEvent.Reconciling.class)).isEmpty();
        assertThat(result.apiRequests()).isEqualTo(1);
        assertThat(rootly.seen()).isEmpty();
    }

    @Test
    void aTrustedCertificateStillWorks() {
        server.useHttps(new HandshakeCertificates.Builder()
                .heldCertificate(LOCALHOST)
                .build()
                .sslSocketFactory());
        HandshakeCertificates trusting = new HandshakeCertificates.Builder()
                .addTrustedCertificate(LOCALHOST.certificate())
                .build();
        engine = engine(RootlyClient.defaultHttpClient()
                .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
                .build());

        RunResult result = run(spec().apiUrl(httpsUrl(server.getPort()))
                .waitForCompletion(true)
                .build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).isEmpty();
    }

    @Test
    void httpsToAPlainHttpServerSaysTheServerDoesNotSpeakTls() {
        RunResult result = run(spec().apiUrl(httpsUrl(server.getPort())).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("the server does not speak TLS: check the URL's scheme");
        assertThat(eventsOf(ProgressEvent.Retrying.class)).isEmpty();
        assertThat(result.apiRequests()).isEqualTo(1);
    }

    @Test
    void httpsToAServerThatNeverAnswersTheHandshakeEndsAtTheHandshakeBound() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        held.add(s);
                        InputStream in = s.getInputStream();
                        in.readNBytes(
                                5); // the ClientHello arrives; a plain server waits for a line end that never comes
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // The handshake is bounded by the read timeout when that is under 5 s; the silent server gets no more.
            engine = engine(RootlyClient.defaultHttpClient()
                    .readTimeout(Duration.ofMillis(700))
                    .build());

            RunResult result =
                    run(spec().apiUrl(httpsUrl(silent.getLocalPort())).build());

            assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
            assertThat(result.message())
                    .contains("the server does not speak TLS: check the URL's scheme")
                    .contains("no TLS answer within 700 ms");
            assertThat(eventsOf(ProgressEvent.Retrying.class)).isEmpty();
            assertThat(result.apiRequests()).isEqualTo(1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String httpsUrl(int port) {
        return "https://localhost:" + port + "/";
    }

    private RunEngine engine(OkHttpClient http) {
        return RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(http)
                .random(new SplittableRandom(7))
                .userAgentSuffix("test")
                .build();
    }
}
