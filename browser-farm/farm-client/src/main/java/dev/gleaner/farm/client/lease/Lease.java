package dev.gleaner.farm.client.lease;

/**
 * A granted browser slot on one node. Only the holder of the current fencing token may
 * renew, release, or have its render result accepted.
 */
public record Lease(String leaseId, String nodeId, String nodeUrl, long fencingToken, String tenantId) {
}
