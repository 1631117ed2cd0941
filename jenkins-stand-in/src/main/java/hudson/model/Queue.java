package hudson.model;

/** Stand-in (test double) of {@code hudson.model.Queue}: only its nested {@code Task} type. */
public class Queue {
    private Queue() {}

    /** Stand-in (test double) of {@code hudson.model.Queue.Task}. */
    public interface Task {}
}
