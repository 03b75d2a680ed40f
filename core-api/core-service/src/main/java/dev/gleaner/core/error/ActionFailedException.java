package dev.gleaner.core.error;

import java.util.List;

import dev.gleaner.farm.client.render.ActionResult;

/** One of the scrape's actions failed on the page; the render ended there. */
public final class ActionFailedException extends GleanerException {

    private final int index;
    private final List<ActionResult> actions;

    public ActionFailedException(int index, String detail, List<ActionResult> actions) {
        super(detail);
        this.index = index;
        this.actions = List.copyOf(actions);
    }

    /** The failed action's position in the request's {@code actions}. */
    public int index() {
        return index;
    }

    /** How each action went, up to and including the failed one. */
    public List<ActionResult> actions() {
        return actions;
    }

    @Override
    public String title() {
        return "Action failed";
    }
}
