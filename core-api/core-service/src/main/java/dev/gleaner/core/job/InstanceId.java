package dev.gleaner.core.job;

/** This core-api instance's name: its consumer name on the job stream and the holder recorded on the jobs it runs. */
public record InstanceId(String value) {
}
