package dev.gleaner.core.client.audit;

import java.util.List;

/** A page of the audit log, newest first; {@code next} is the cursor of the page after it, null on the last. */
public record AuditPage(List<AuditEntry> entries, String next) {
}
