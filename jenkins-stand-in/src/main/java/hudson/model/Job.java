package hudson.model;

/** Stand-in (test double) of {@code hudson.model.Job}. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {}
