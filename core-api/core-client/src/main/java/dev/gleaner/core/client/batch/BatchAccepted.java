package dev.gleaner.core.client.batch;

import java.util.UUID;

/** The answer to {@code POST /v1/batch} (202): the batch's id and how many jobs it made. */
public record BatchAccepted(UUID id, int total) {
}
