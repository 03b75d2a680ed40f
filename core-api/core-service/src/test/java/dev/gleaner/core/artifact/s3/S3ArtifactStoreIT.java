package dev.gleaner.core.artifact.s3;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.gleaner.core.artifact.ArtifactStore;
import dev.gleaner.core.artifact.ArtifactStoreContract;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 store against the shared contract, on a real S3-compatible server (S3Proxy) on loopback. */
class S3ArtifactStoreIT extends ArtifactStoreContract {

    private static final String BUCKET = "gleaner-artifacts";
    private static S3ProxyServer server;
    private static S3ArtifactStore store;

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start();
        try (S3Client admin = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
        store = new S3ArtifactStore(new S3ArtifactStore.Settings(URI.create(server.endpoint()), "us-east-1", BUCKET,
                "artifacts/", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stopServer() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }
}
