package dev.gleaner.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Block and CAPTCHA pages of the common vendors (fixtures in {@code /blocks}, rebuilt after the pages
 * these vendors serve, with their tell-tale markup and headers) are told from content, and content that
 * merely looks like them (a contact form with reCAPTCHA, an article quoting an error, an ordinary page
 * behind Cloudflare) is not.
 */
class BlockDetectorTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = BlockDetectorTest.class.getResourceAsStream("/blocks/" + name + ".html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} ({1}, {2}) is {4} by {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            cloudflare-challenge         | 403 | cf-mitigated=challenge | server=cloudflare | BLOCKED | cloudflare-challenge
            cloudflare-challenge         | 503 | -                      | -                 | BLOCKED | cloudflare-challenge
            cloudflare-block             | 403 | server=cloudflare      | -                 | BLOCKED | cloudflare-block
            akamai                       | 403 | server=AkamaiGHost     | -                 | BLOCKED | akamai-access-denied
            imperva                      | 200 | -                      | -                 | BLOCKED | imperva
            datadome                     | 403 | x-datadome=protected   | -                 | CAPTCHA | datadome-captcha
            perimeterx                   | 403 | -                      | -                 | CAPTCHA | perimeterx-captcha
            cloudfront                   | 403 | server=CloudFront      | -                 | BLOCKED | cloudfront-block
            sucuri                       | 403 | server=Sucuri/Cloudproxy | -               | BLOCKED | sucuri
            recaptcha-wall               | 200 | -                      | -                 | CAPTCHA | recaptcha
            hcaptcha-wall                | 429 | -                      | -                 | CAPTCHA | hcaptcha
            article-about-access-denied  | 403 | -                      | -                 | BLOCKED | http-403
            """)
    void recognisesTheVendorsPages(String name, int status, String header, String header2, BlockDetector.Kind kind,
            String signal) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h : new String[] {header, header2}) {
            if (h != null) {
                headers.put(h.substring(0, h.indexOf('=')), h.substring(h.indexOf('=') + 1));
            }
        }
        assertThat(BlockDetector.detect(status, headers, fixture(name)))
                .contains(new BlockDetector.Detection(kind, signal));
    }

    @ParameterizedTest(name = "{0} ({1}) is content")
    @CsvSource(delimiter = '|', textBlock = """
            contact-form-with-recaptcha  | 200
            article-about-access-denied  | 200
            cloudflare-ordinary-page     | 200
            cloudflare-ordinary-page     | 404
            """)
    void leavesContentThatOnlyLooksLikeABlockAlone(String name, int status) throws IOException {
        assertThat(BlockDetector.detect(status, Map.of("server", "cloudflare"), fixture(name))).isEqualTo(Optional.empty());
    }
}
