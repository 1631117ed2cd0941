package io.github.rootlyworkflowrun.api;

/** A Rootly workflow as far as running it needs: identity, trigger type and whether it is enabled. */
public record Workflow(String id, String slug, String name, String triggerType, Boolean enabled) {}
