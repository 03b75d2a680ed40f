package dev.gleaner.farm.client.redis;

/**
 * Every Redis key of the farm's coordination state. All keys share one {hash-tag} so the Lua
 * scripts that touch several of them run on one Redis Cluster slot. Each key has a TTL, except
 * the fencing counter, which the farm owns for good (it must never go backwards).
 */
public final class FarmKeys {

    private final String prefix;

    /** @param namespace lets several Gleaner installations share one Redis ("gleaner" by default) */
    public FarmKeys(String namespace) {
        this(namespace, "farm");
    }

    private FarmKeys(String namespace, String group) {
        this.prefix = namespace + ":{" + group + "}";
    }

    /**
     * The same registry layout ({@link #nodes()}, {@link #node(String)}) for the live instances of another
     * service: core-api's, which the gateways balance over ({@code <namespace>:{core-api}:…}).
     */
    public static FarmKeys instancesOf(String namespace, String service) {
        return new FarmKeys(namespace, service);
    }

    /** Prefix the Lua scripts extend for per-node and per-lease keys. */
    public String prefix() {
        return prefix;
    }

    /** ZSET nodeId → heartbeat deadline (epoch ms). */
    public String nodes() {
        return prefix + ":nodes";
    }

    /** HASH url, capacity of one node; expires with its heartbeat. */
    public String node(String nodeId) {
        return prefix + ":node:" + nodeId;
    }

    /** ZSET leaseId → lease deadline for one node. */
    public String nodeLeases(String nodeId) {
        return node(nodeId) + ":leases";
    }

    /** STRING set while a node is suspect (a caller could not reach it); expires on its own. */
    public String nodeSuspect(String nodeId) {
        return node(nodeId) + ":suspect";
    }

    /** STRING set while an operator drains the node (no new leases); removed when undrained, or expires. */
    public String nodeDraining(String nodeId) {
        return node(nodeId) + ":draining";
    }

    /** STRING, the node's last reported status as JSON; expires with its heartbeat. */
    public String nodeStatus(String nodeId) {
        return node(nodeId) + ":status";
    }

    /** HASH node, url, tenant, fence of one lease; expires with the lease. */
    public String lease(String leaseId) {
        return prefix + ":lease:" + leaseId;
    }

    /** ZSET leaseId → lease deadline for one tenant. */
    public String tenantLeases(String tenantId) {
        return prefix + ":tenant:" + tenantId + ":leases";
    }

    /** Monotonic fencing-token counter. */
    public String fence() {
        return prefix + ":fence";
    }
}
