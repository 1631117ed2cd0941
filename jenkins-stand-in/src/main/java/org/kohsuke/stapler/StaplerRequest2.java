package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/** Stand-in (test double) of {@code org.kohsuke.stapler.StaplerRequest2}: only the servlet request it extends. */
public interface StaplerRequest2 extends HttpServletRequest {}
