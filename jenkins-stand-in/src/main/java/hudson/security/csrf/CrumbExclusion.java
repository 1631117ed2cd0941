package hudson.security.csrf;

import hudson.ExtensionPoint;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Stand-in (test double) of {@code hudson.security.csrf.CrumbExclusion}. The real method is concrete too (it bridges
 * to the deprecated javax overload); the javax overload and {@code all()} are left out.
 */
public abstract class CrumbExclusion implements ExtensionPoint {
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("stand-in: override process");
    }
}
