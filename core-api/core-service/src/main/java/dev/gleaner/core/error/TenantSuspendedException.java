package dev.gleaner.core.error;

/** An operator suspended the tenant: its jobs wait, queued, until it is resumed. */
public final class TenantSuspendedException extends GleanerException {

    public TenantSuspendedException() {
        super("the tenant is suspended: its jobs wait, queued, until an operator resumes it");
    }

    @Override
    public String title() {
        return "Tenant suspended";
    }
}
