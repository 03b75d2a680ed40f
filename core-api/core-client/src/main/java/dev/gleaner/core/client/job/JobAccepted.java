package dev.gleaner.core.client.job;

import java.util.UUID;

/** The answer to {@code POST /v1/jobs} (202): the job's id and its status at that moment. */
public record JobAccepted(UUID id, String status) {
}
