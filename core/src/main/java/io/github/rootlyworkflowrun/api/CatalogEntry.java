package io.github.rootlyworkflowrun.api;

/** A Rootly service or environment as far as naming it needs: its id, slug and name. */
public record CatalogEntry(String id, String slug, String name) {}
