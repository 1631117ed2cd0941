package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/** Stand-in (test double) of {@code org.kohsuke.stapler.StaplerResponse2}: only the servlet response it extends. */
public interface StaplerResponse2 extends HttpServletResponse {}
