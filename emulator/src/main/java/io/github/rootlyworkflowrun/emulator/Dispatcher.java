package io.github.rootlyworkflowrun.emulator;

/**
 * Chooses the answer to one API request, as MockWebServer's dispatcher does. The emulated Rootly API is the default;
 * plug in another with {@link RootlyEmulator.Builder#dispatcher}, which hands over the emulated API to delegate to.
 *
 * <p>A dispatcher sees only requests that passed authentication and the rate limit and that no fault answered
 * instead; faults' delays, drops, headers and malformed bodies still apply around it, and the answer still carries
 * the rate-limit headers. Requests outside the emulated routes reach it too, with an empty {@link ApiRequest#route()}.
 * It is called on the server's threads, concurrently.
 */
@FunctionalInterface
public interface Dispatcher {
    /** The answer to {@code request}. */
    Answer dispatch(ApiRequest request);
}
