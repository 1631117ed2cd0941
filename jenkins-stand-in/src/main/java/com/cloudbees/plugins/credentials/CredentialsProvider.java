package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.Permission;
import hudson.util.ListBoxModel;
import io.github.rootlyworkflowrun.standin.StandIn;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Stand-in (test double) of the credentials plugin's {@code CredentialsProvider}: lookups and tracking. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    public static final Permission USE_ITEM = null;

    @NonNull
    public static <C extends IdCredentials> ListBoxModel listCredentialsInItem(
            @NonNull Class<C> type,
            @Nullable Item item,
            @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements,
            @Nullable CredentialsMatcher matcher) {
        throw StandIn.unsupported();
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialByIdInItemGroup(
            @NonNull String id,
            @NonNull Class<C> type,
            @Nullable ItemGroup<?> itemGroup,
            @Nullable Authentication authentication,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw StandIn.unsupported();
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(
            @NonNull String id,
            @NonNull Class<C> type,
            @NonNull Run<?, ?> run,
            @Nullable List<DomainRequirement> domainRequirements) {
        throw StandIn.unsupported();
    }

    @SuppressWarnings("rawtypes")
    @CheckForNull
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        throw StandIn.unsupported();
    }
}
