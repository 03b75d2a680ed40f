package dev.gleaner.core.config;

import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.core.artifact.ArtifactStore;
import dev.gleaner.core.artifact.FileSystemArtifactStore;

/** Where screenshots and PDFs go: a directory ({@code GLEANER_ARTIFACT_DIR}). */
@Configuration(proxyBeanMethods = false)
public class ArtifactConfiguration {

    @Bean
    ArtifactStore artifactStore(CoreProperties properties) {
        return new FileSystemArtifactStore(Path.of(properties.artifactDir()));
    }
}
