package dev.gleaner.core.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Artifacts as files in one directory (shared storage when several core-api instances serve them),
 * written to a temporary name and moved into place, so a reader never sees half a file.
 */
public final class FileSystemArtifactStore implements ArtifactStore {

    private static final int CHUNK = 64 * 1024;

    private final Path directory;

    public FileSystemArtifactStore(Path directory) {
        try {
            this.directory = Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact directory " + directory, e);
        }
    }

    @Override
    public Mono<Void> write(UUID id, byte[] data) {
        return Mono.<Void>fromCallable(() -> {
            Path partial = directory.resolve(id + ".partial");
            Files.write(partial, data);
            Files.move(partial, file(id), StandardCopyOption.ATOMIC_MOVE);
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Flux<DataBuffer> read(UUID id) {
        return DataBufferUtils.read(file(id), DefaultDataBufferFactory.sharedInstance, CHUNK);
    }

    @Override
    public Mono<Void> delete(UUID id) {
        return Mono.<Void>fromCallable(() -> {
            Files.deleteIfExists(file(id));
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Path file(UUID id) {
        return directory.resolve(id.toString());
    }
}
