package dev.gleaner.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;

/** What every {@link ArtifactStore} does, whichever storage is behind it. */
public abstract class ArtifactStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    protected abstract ArtifactStore store();

    private byte[] read(UUID id) {
        return DataBufferUtils.join(store().read(id)).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).block(WAIT);
    }

    @Test
    void whatIsWrittenIsReadBackByteForByte() {
        UUID id = UUID.randomUUID();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        store().write(id, png).block(WAIT);
        assertThat(read(id)).isEqualTo(png);

        UUID big = UUID.randomUUID();
        byte[] megabytes = "0123456789abcdef".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
        store().write(big, megabytes).block(WAIT);
        assertThat(read(big)).isEqualTo(megabytes);
    }

    @Test
    void anArtifactThatIsNotThereIsAnErrorNotAnEmptyFile() {
        assertThatThrownBy(() -> read(UUID.randomUUID())).isNotNull();
    }

    @Test
    void aDeletedArtifactIsGoneAndDeletingTwiceIsFine() {
        UUID id = UUID.randomUUID();
        store().write(id, new byte[] {1, 2, 3}).block(WAIT);
        store().delete(id).block(WAIT);
        assertThatThrownBy(() -> read(id)).isNotNull();
        store().delete(id).block(WAIT);
    }
}
