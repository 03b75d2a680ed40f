package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where artifacts (screenshots, PDFs) are kept.
 *
 * @param store     {@code filesystem} (the directory {@code gleaner.core.artifact-dir}) or {@code s3}
 * @param s3Endpoint the S3-compatible service, e.g. {@code https://s3.eu-central-1.amazonaws.com} or a MinIO URL
 * @param s3Region  its region
 * @param s3Bucket  the bucket (it must exist)
 * @param s3Prefix  the key prefix of every artifact
 * @param s3AccessKey the access key id
 * @param s3SecretKey the secret access key
 * @param s3PathStyle address the bucket in the path rather than the host name (MinIO and most self-hosted stores)
 * @param s3Timeout how long one call may take
 */
@Validated
@ConfigurationProperties("gleaner.core.artifacts")
public record ArtifactProperties(
        @NotBlank @Pattern(regexp = "filesystem|s3") @DefaultValue("filesystem") String store,
        @DefaultValue("") String s3Endpoint,
        @DefaultValue("us-east-1") String s3Region,
        @DefaultValue("") String s3Bucket,
        @DefaultValue("artifacts/") String s3Prefix,
        @DefaultValue("") String s3AccessKey,
        @DefaultValue("") String s3SecretKey,
        @DefaultValue("true") boolean s3PathStyle,
        @NotNull @DefaultValue("10s") Duration s3Timeout) {
}
