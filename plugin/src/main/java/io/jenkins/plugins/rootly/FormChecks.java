package io.jenkins.plugins.rootly;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * The form validation and dropdowns both build steps and the global configuration share. The rules themselves are
 * core's, so a form says exactly what a build would. Callers hold {@code @POST} and check permissions first.
 */
final class FormChecks {
    private FormChecks() {}

    /** Whether the current user may see this form's details: configure on the item, or administer without one. */
    static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    static FormValidation workflow(String value) {
        return value == null || value.isBlank()
                ? FormValidation.error("Required: a workflow id, slug or exact name")
                : FormValidation.ok();
    }

    /** The pulse summary, checked by core's own rule (required, one line). */
    static FormValidation summary(String value) {
        try {
            PulseSpec.builder().token("form-check", "the form").summary(value).build();
            return FormValidation.ok();
        } catch (UsageException e) {
            return FormValidation.error(e.problem());
        }
    }

    static FormValidation duration(String field, String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            return FormValidation.ok("= " + Durations.format(Durations.parse(field, value)));
        } catch (UsageException e) {
            return FormValidation.error(e.problem());
        }
    }

    static FormValidation apiUrl(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            RunSpec.builder()
                    .apiUrl(value)
                    .token("form-check", "the form")
                    .workflow("form-check")
                    .build();
            return FormValidation.ok();
        } catch (UsageException e) {
            return FormValidation.error(e.problem());
        }
    }

    static FormValidation contextJson(String value) {
        try {
            RunSpec.builder()
                    .token("form-check", "the form")
                    .workflow("form-check")
                    .contextJson(value)
                    .build();
            return FormValidation.ok();
        } catch (UsageException e) {
            return FormValidation.error(e.problem());
        }
    }

    static ListBoxModel completedWithErrorsItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("Unstable (default)", CompletedWithErrorsPolicy.UNSTABLE.name());
        items.add("Success", CompletedWithErrorsPolicy.SUCCESS.name());
        items.add("Failure", CompletedWithErrorsPolicy.FAILURE.name());
        return items;
    }

    /** Secret text credentials visible to {@code item} (or globally), following the credentials plugin's pattern. */
    static ListBoxModel credentialsItems(Item item, String apiUrl, String credentialsId) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(credentialsId);
            }
        } else if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(credentialsId);
        }
        String url = apiUrl == null || apiUrl.isBlank() ? RootlyClient.DEFAULT_API_URL : apiUrl;
        var requirements = URIRequirementBuilder.fromUri(url).build();
        if (item == null) {
            return result.includeEmptyValue()
                    .includeMatchingAs(
                            ACL.SYSTEM2,
                            Jenkins.get(),
                            StringCredentials.class,
                            requirements,
                            CredentialsMatchers.always())
                    .includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        authentication(item), item, StringCredentials.class, requirements, CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }

    /** Warns when a credentials id names nothing this item can use; an empty id falls back to the global one. */
    static FormValidation credentialsId(Item item, String value, String apiUrl) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return FormValidation.ok();
        }
        String url = apiUrl == null || apiUrl.isBlank() ? RootlyClient.DEFAULT_API_URL : apiUrl;
        boolean found = !CredentialsProvider.listCredentialsInItem(
                        StringCredentials.class,
                        item,
                        item == null ? ACL.SYSTEM2 : authentication(item),
                        URIRequirementBuilder.fromUri(url).build(),
                        CredentialsMatchers.withId(value))
                .isEmpty();
        return found
                ? FormValidation.ok()
                : FormValidation.error("No Secret text credential with this id is visible here");
    }

    private static Authentication authentication(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }
}
