package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

/** Stand-in (test double) of the credentials plugin's {@code URIRequirementBuilder}: builds an empty list. */
public class URIRequirementBuilder {
    private URIRequirementBuilder() {}

    @NonNull
    public static URIRequirementBuilder fromUri(@CheckForNull String uri) {
        return new URIRequirementBuilder();
    }

    @NonNull
    public List<DomainRequirement> build() {
        return List.of();
    }
}
