package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.Version;
import org.junit.jupiter.api.Test;

/**
 * The plugin bundles jackson-jr (no API plugin offers it) but takes jackson-core from jackson2-api. jackson-jr
 * x.y needs jackson-core x.y or later, so a jackson2-api older than the bundled jackson-jr breaks JSON at run time
 * on a controller: this fails the build as soon as the two drift apart.
 */
class BundledJacksonTest {
    @Test
    void bundledJacksonJrMatchesTheJacksonCoreThatJackson2ApiShips() {
        Version jr = com.fasterxml.jackson.jr.ob.PackageVersion.VERSION;
        Version core = com.fasterxml.jackson.core.json.PackageVersion.VERSION;

        assertThat(jr.getMajorVersion()).isEqualTo(core.getMajorVersion());
        assertThat(jr.getMinorVersion())
                .as("jackson-jr %s against jackson-core %s from jackson2-api", jr, core)
                .isEqualTo(core.getMinorVersion());
    }
}
