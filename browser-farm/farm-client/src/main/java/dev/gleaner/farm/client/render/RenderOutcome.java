package dev.gleaner.farm.client.render;

/** Typed ending of a render, so callers never have to parse error strings. */
public enum RenderOutcome {
    /** The page loaded and was captured. */
    OK,
    /** The target (or a redirect hop) was refused by the target guard. */
    TARGET_REFUSED,
    /** Navigation or the requested wait did not finish within the budget. */
    TIMEOUT,
    /** The request cannot be met on this page however long it runs (a selector that is not valid CSS, ...). */
    INVALID_REQUEST,
    /** One of the request's actions failed; {@link RenderResult#failedAction()} says which. */
    ACTION_FAILED,
    /** The browser died during the render (not the node); it is replaced, and the render may be tried again. */
    BROWSER_CRASHED,
    /** The page could not be reached (DNS, connection refused, TLS ...). */
    NAVIGATION_FAILED,
    /** Every browser of the node stayed busy past the wait budget. */
    NODE_BUSY,
    /** core-api could not get the page rendered: every node it tried failed or could not be reached. */
    NODE_UNREACHABLE,
    /** The render was cancelled because its lease expired or was superseded. */
    CANCELLED,
    /** The node does not hold the lease, or the fencing token is stale. */
    LEASE_REJECTED
}
