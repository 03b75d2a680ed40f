package dev.gleaner.core.artifact;

import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where the bytes of artifacts live; who owns one is recorded in PostgreSQL ({@link Artifacts}). */
public interface ArtifactStore {

    /** Stores the bytes under the id; complete once they are durable. */
    Mono<Void> write(UUID id, byte[] data);

    /** The bytes, streamed; an error when there are none under the id. */
    Flux<DataBuffer> read(UUID id);

    /** Removes the bytes, if there are any. */
    Mono<Void> delete(UUID id);
}
