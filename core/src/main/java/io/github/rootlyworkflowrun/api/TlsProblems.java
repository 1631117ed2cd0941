package io.github.rootlyworkflowrun.api;

import java.io.EOFException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns a failed TLS handshake into what is wrong and what to do, instead of the JDK's PKIX text. */
final class TlsProblems {
    /** How to make the JDK trust a certificate: shown whole, since it is the fix the user needs. */
    static final String TRUST_ADVICE = "add it to the JDK trust store with keytool -importcert -cacerts -alias"
            + " rootly-ca -file ca.pem (the CA certificate of your TLS-inspecting proxy or private CA), or run with"
            + " -Djavax.net.ssl.trustStore=<a trust store that holds it> (for the CLI: JAVA_TOOL_OPTIONS)";

    private TlsProblems() {}

    static String describe(Throwable e) {
        if (find(e, CertificateExpiredException.class) != null) {
            return "certificate expired: the server's certificate (or one of its CAs) is past its validity; renew it"
                    + " on the server";
        }
        if (find(e, CertificateNotYetValidException.class) != null) {
            return "certificate not yet valid: check the clock of this machine and of the server";
        }
        if (find(e, CertificateException.class) != null) {
            return "certificate not trusted: the server's certificate is not signed by a CA this JDK trusts; "
                    + TRUST_ADVICE;
        }
        SSLPeerUnverifiedException peer = find(e, SSLPeerUnverifiedException.class);
        if (peer != null) {
            return "certificate does not match the host: " + firstLine(peer.getMessage())
                    + "; use the host name the certificate was issued for";
        }
        String message = messages(e);
        if (message.contains("unrecognized SSL message")
                || message.contains("plaintext connection")
                || message.contains("Unsupported or unrecognized")) {
            return "the server does not speak TLS: check the URL's scheme (it answered in plain text; use http://"
                    + " for a plain-HTTP server)";
        }
        if (find(e, EOFException.class) != null || message.contains("Remote host terminated the handshake")) {
            // What plain-HTTP servers commonly do with a ClientHello; a TLS server that refuses our versions is rarer.
            return "the server does not speak TLS: check the URL's scheme (it closed the connection during the TLS"
                    + " handshake; if https is right, the server refuses this JDK's TLS versions and ciphers)";
        }
        return "TLS handshake failed: " + firstLine(e.getMessage());
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
