package dev.gleaner.core.job.redis;

/**
 * Redis keys of the job pipeline, under one {hash-tag}. The stream has no TTL: core-api owns it,
 * and each entry is deleted once its job is dealt with.
 */
public final class JobKeys {

    private final String prefix;

    public JobKeys(String namespace) {
        this.prefix = namespace + ":{jobs}";
    }

    /** STREAM of {@code job=<id>} entries. */
    public String stream() {
        return prefix + ":stream";
    }

    /** The consumer group every core-api worker reads the stream in. */
    public String group() {
        return "workers";
    }
}
