package org.jenkinsci;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Stand-in (test double) of {@code org.jenkinsci.Symbol}; the runtime {@code @Indexed} is left out. */
@Retention(RUNTIME)
@Target({TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
