package dev.gleaner.core.client.batch;

import java.util.List;
import java.util.UUID;

/** A batch of any tenant, for operators ({@code /admin/v1/batches}): the tenant's view of it and whose it is. */
public record AdminBatchView(UUID tenantId, BatchView batch) {

    /** Batches newest first; {@code next} is the cursor of the page after, null on the last. */
    public record Page(List<AdminBatchView> batches, String next) {
    }
}
