package hudson;

import io.github.rootlyworkflowrun.standin.StandIn;

/** Stand-in (test double) of {@code hudson.ProxyConfiguration}. */
public final class ProxyConfiguration {
    private ProxyConfiguration() {}

    public String getName() {
        throw StandIn.unsupported();
    }

    public int getPort() {
        throw StandIn.unsupported();
    }
}
