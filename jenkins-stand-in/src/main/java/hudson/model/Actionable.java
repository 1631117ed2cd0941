package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stand-in (test double) of {@code hudson.model.Actionable}: keeps actions in memory, as the glue's tests need. */
public abstract class Actionable extends AbstractModelObject {
    private final transient List<Action> standInActions = new CopyOnWriteArrayList<>();

    public void addAction(@NonNull Action a) {
        standInActions.add(a);
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : standInActions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
