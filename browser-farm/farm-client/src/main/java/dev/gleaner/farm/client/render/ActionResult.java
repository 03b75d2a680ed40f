package dev.gleaner.farm.client.render;

import tools.jackson.databind.JsonNode;

/**
 * How one action went.
 *
 * @param type     the action's type
 * @param ok       whether it succeeded
 * @param value    what an {@code evaluate} returned
 * @param artifact the {@link Artifact#name()} of a {@code screenshot} action's image
 * @param error    why it failed
 */
public record ActionResult(String type, boolean ok, JsonNode value, String artifact, String error) {

    public static ActionResult ok(String type) {
        return new ActionResult(type, true, null, null, null);
    }

    public static ActionResult failed(String type, String error) {
        return new ActionResult(type, false, null, null, error);
    }
}
