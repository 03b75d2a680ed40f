package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GuardedNetworkTest {

    private static String inserted(String html) {
        return new String(GuardedNetwork.intoHead(html.getBytes(StandardCharsets.UTF_8), "<X>"), StandardCharsets.UTF_8);
    }

    @Test
    void markupGoesRightAfterTheHeadTagOrTheBestPlaceThereIs() {
        assertThat(inserted("<!DOCTYPE html><html lang=en><HEAD class=a><title>t</title></head>"))
                .isEqualTo("<!DOCTYPE html><html lang=en><HEAD class=a><X><title>t</title></head>");
        assertThat(inserted("<!doctype html><html><header>no head</header>"))
                .isEqualTo("<!doctype html><html><X><header>no head</header>");
        assertThat(inserted("<!doctype html><p>bare")).isEqualTo("<!doctype html><X><p>bare");
        assertThat(inserted("<p>fragment")).isEqualTo("<X><p>fragment");
    }

    @Test
    void aPageInALegacyCharsetKeepsEveryByte() {
        Charset shiftJis = Charset.forName("Shift_JIS");
        byte[] page = "<html><head><title>日本語のページ</title></head><body>こんにちは</body></html>".getBytes(shiftJis);

        byte[] result = GuardedNetwork.intoHead(page, "<X>");

        assertThat(new String(result, shiftJis))
                .isEqualTo("<html><head><X><title>日本語のページ</title></head><body>こんにちは</body></html>");
    }
}
