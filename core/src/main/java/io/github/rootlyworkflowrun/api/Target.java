package io.github.rootlyworkflowrun.api;

import java.util.Objects;

/** The resource a workflow run is about: at most one per run, as the API's anyOf variants require. */
public record Target(Kind kind, String id) {

    /** The five resource kinds a run can target, with the attribute name Rootly uses for each. */
    public enum Kind {
        INCIDENT("incident_id", "incidentId"),
        POST_MORTEM("post_mortem_id", "postMortemId"),
        ACTION_ITEM("action_item_id", "actionItemId"),
        ALERT("alert_id", "alertId"),
        PULSE("pulse_id", "pulseId");

        private final String attribute;
        private final String parameter;

        Kind(String attribute, String parameter) {
            this.attribute = attribute;
            this.parameter = parameter;
        }

        /** The JSON:API attribute name, e.g. {@code incident_id}. */
        String attribute() {
            return attribute;
        }

        /** The front-end parameter name, e.g. {@code incidentId}. */
        public String parameter() {
            return parameter;
        }
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }
}
