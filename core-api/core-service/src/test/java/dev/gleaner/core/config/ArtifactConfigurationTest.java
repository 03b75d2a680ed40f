package dev.gleaner.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.gleaner.core.artifact.FileSystemArtifactStore;
import dev.gleaner.core.artifact.s3.S3ArtifactStore;

/** Which artifact store a configuration makes, and what a half-configured bucket says at start. */
class ArtifactConfigurationTest {

    @TempDir
    Path dir;

    private CoreProperties core() {
        return new CoreProperties("admin-key-0123456789", "identity-secret-0123456789", Duration.ofSeconds(30), "", 4,
                Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(30), "redis://localhost:6379", "gleaner",
                dir.toString());
    }

    private static ArtifactProperties s3(String endpoint, String bucket) {
        return new ArtifactProperties("s3", endpoint, "us-east-1", bucket, "artifacts/", "key", "secret", true,
                Duration.ofSeconds(10));
    }

    @Test
    void theDefaultIsTheDirectoryAndS3NeedsEachOfItsSettings() throws Exception {
        assertThat(new ArtifactConfiguration().artifactStore(core(), new ArtifactProperties("filesystem", "", "us-east-1",
                "", "artifacts/", "", "", true, Duration.ofSeconds(10)))).isInstanceOf(FileSystemArtifactStore.class);
        assertThatThrownBy(() -> new ArtifactConfiguration().artifactStore(core(), s3("http://127.0.0.1:9000", "")))
                .hasMessageContaining("GLEANER_S3_BUCKET");
        assertThatThrownBy(() -> new ArtifactConfiguration().artifactStore(core(), s3("", "b")))
                .hasMessageContaining("GLEANER_S3_ENDPOINT");
        try (S3ArtifactStore store = (S3ArtifactStore) new ArtifactConfiguration().artifactStore(core(),
                s3("http://127.0.0.1:9000", "b"))) {
            assertThat(store).isNotNull();
        }
    }
}
