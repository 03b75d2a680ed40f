package dev.gleaner.core.client.admin;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A live farm node as operators see it ({@code GET /admin/v1/farm/nodes}): what it registered, what it last reported
 * of itself (absent fields when it reported nothing yet), and how the farm treats it.
 *
 * @param capacity    browsers it runs
 * @param usable      browsers that work (what it offers)
 * @param busy        leases it holds now
 * @param memoryBytes resident memory of its browsers and their drivers
 * @param renders     renders in flight, oldest first, with their lease and start (their age)
 * @param suspect     passed over for new leases because a caller could not reach it lately
 * @param draining    an operator drains it: no new leases, those in flight run to their end
 * @param warmContexts browser contexts it made ahead of a render, ready for the next one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FarmNodeView(String nodeId, String url, int capacity, int usable, long busy, Long memoryBytes,
        Long rendersDone, Instant startedAt, Instant reportedAt, List<Render> renders, boolean suspect,
        boolean draining, Integer warmContexts) {

    public record Render(String leaseId, Instant startedAt) {
    }
}
