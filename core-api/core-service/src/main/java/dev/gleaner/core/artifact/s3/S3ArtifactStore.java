package dev.gleaner.core.artifact.s3;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.gleaner.core.artifact.ArtifactStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Artifacts as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, S3Proxy …), one per artifact
 * under a key prefix, so every core-api instance sees the same artifacts without shared disks. The
 * AWS SDK's client is a blocking one (its JDK URL-connection transport, which brings no Netty of its
 * own), so every call runs on a bounded scheduler of its own, never on an event loop; each call
 * ends within its timeout.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    /** Where the bucket is and how to reach it. */
    public record Settings(URI endpoint, String region, String bucket, String prefix, String accessKey,
            String secretKey, boolean pathStyle, Duration timeout) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Scheduler calls = Schedulers.newBoundedElastic(16, 10_000, "s3-artifacts");

    public S3ArtifactStore(Settings settings) {
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.s3 = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(settings.timeout()).build())
                .overrideConfiguration(c -> c.apiCallTimeout(settings.timeout().multipliedBy(3))
                        .apiCallAttemptTimeout(settings.timeout()))
                .build();
    }

    @Override
    public Mono<Void> write(UUID id, byte[] data) {
        return Mono.<Void>fromRunnable(() -> s3.putObject(b -> b.bucket(bucket).key(key(id)), RequestBody.fromBytes(data)))
                .subscribeOn(calls);
    }

    @Override
    public Flux<DataBuffer> read(UUID id) {
        return Mono.fromCallable(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(id))).asByteArray())
                .subscribeOn(calls)
                .onErrorMap(NoSuchKeyException.class, e -> new IllegalStateException("no artifact " + id + " in the bucket"))
                .map(bytes -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes))
                .flux();
    }

    @Override
    public Mono<Void> delete(UUID id) {
        return Mono.<Void>fromRunnable(() -> s3.deleteObject(b -> b.bucket(bucket).key(key(id)))).subscribeOn(calls);
    }

    private String key(UUID id) {
        return prefix + id;
    }

    @Override
    public void close() {
        s3.close();
        calls.dispose();
    }
}
