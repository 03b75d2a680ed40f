package dev.gleaner.core.config;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.core.artifact.ArtifactStore;
import dev.gleaner.core.artifact.FileSystemArtifactStore;
import dev.gleaner.core.artifact.s3.S3ArtifactStore;

/**
 * Where screenshots and PDFs go: a directory ({@code GLEANER_ARTIFACT_DIR}), or an S3-compatible bucket
 * ({@code GLEANER_ARTIFACT_STORE=s3}); a half-configured bucket stops the service at start, naming what is missing.
 */
@Configuration(proxyBeanMethods = false)
public class ArtifactConfiguration {

    @Bean
    ArtifactStore artifactStore(CoreProperties core, ArtifactProperties artifacts) {
        if (artifacts.store().equals("filesystem")) {
            return new FileSystemArtifactStore(Path.of(core.artifactDir()));
        }
        for (String[] setting : new String[][] {{"GLEANER_S3_ENDPOINT", artifacts.s3Endpoint()},
                {"GLEANER_S3_BUCKET", artifacts.s3Bucket()}, {"GLEANER_S3_ACCESS_KEY", artifacts.s3AccessKey()},
                {"GLEANER_S3_SECRET_KEY", artifacts.s3SecretKey()}}) {
            if (setting[1].isBlank()) {
                throw new IllegalStateException("GLEANER_ARTIFACT_STORE=s3 needs " + setting[0]);
            }
        }
        return new S3ArtifactStore(new S3ArtifactStore.Settings(URI.create(artifacts.s3Endpoint()), artifacts.s3Region(),
                artifacts.s3Bucket(), artifacts.s3Prefix(), artifacts.s3AccessKey(), artifacts.s3SecretKey(),
                artifacts.s3PathStyle(), artifacts.s3Timeout()));
    }
}
