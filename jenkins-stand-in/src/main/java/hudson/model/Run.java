package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.github.rootlyworkflowrun.standin.StandIn;
import java.io.IOException;

/** Stand-in (test double) of {@code hudson.model.Run}: remembers its result; saving does nothing. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    private transient volatile Result standInResult;

    @SuppressWarnings("deprecation")
    @Override
    public void addAction(@NonNull Action a) {
        super.addAction(a);
    }

    public void setResult(@NonNull Result r) {
        standInResult = r;
    }

    @Override
    public String toString() {
        return "stand-in run" + (standInResult == null ? "" : " (" + standInResult + ")");
    }

    public synchronized void save() throws IOException {}

    @NonNull
    public JobT getParent() {
        throw StandIn.unsupported();
    }

    public int getNumber() {
        throw StandIn.unsupported();
    }

    @NonNull
    public String getUrl() {
        throw StandIn.unsupported();
    }
}
