package dev.gleaner.farm.client.node;

/**
 * A farm node as the registry knows it.
 *
 * @param nodeId   stable id of the node process
 * @param url      base URL at which core-api reaches the node
 * @param capacity how many renders the node runs at once
 */
public record NodeInfo(String nodeId, String url, int capacity) {

    /** The same node offering {@code usable} renders at once (its browsers that really work). */
    public NodeInfo withCapacity(int usable) {
        return new NodeInfo(nodeId, url, usable);
    }
}
