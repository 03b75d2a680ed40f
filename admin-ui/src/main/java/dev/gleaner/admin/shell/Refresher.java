package dev.gleaner.admin.shell;

import com.vaadin.flow.component.Component;

/**
 * Keeps a view's figures fresh: while {@code view} is attached, {@code refresh} runs now and then in the view's
 * UI (holding its session lock, with the signed-in operator's security context), and the change is pushed to the
 * browser. It stops when the view is detached (navigated away from, or the session ended).
 */
@FunctionalInterface
public interface Refresher {

    void every(Component view, Runnable refresh);
}
