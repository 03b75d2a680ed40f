package dev.gleaner.core.artifact;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The directory store against the shared contract. */
class FileSystemArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path directory;

    @Override
    protected ArtifactStore store() {
        return new FileSystemArtifactStore(directory);
    }
}
