package dev.gleaner.core.client.scrape;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * One thing the scrape should produce, by name ({@code "html"}) or as an object with a
 * {@code type} and its settings ({@code {"type": "screenshot", "fullPage": true}}). Without
 * {@code formats} a scrape produces {@code html}.
 *
 * <ul>
 * <li>{@code html}: the DOM after scripts ran</li>
 * <li>{@code screenshot} {fullPage?, imageType?: png | jpeg, quality? (jpeg, 0–100), inline?}</li>
 * <li>{@code pdf} {format?: A4 | Letter | Legal | A3 | A5 | Tabloid, landscape?, printBackground?, inline?}</li>
 * </ul>
 * {@code imageType} is the image format: {@code type} already names the format entry. Binary results
 * are stored as artifacts and answered as URLs; {@code inline: true} adds the bytes as base64 too,
 * up to 5 MiB.
 */
public record Format(String type, Boolean fullPage, String imageType, Integer quality, String format,
        Boolean landscape, Boolean printBackground, Boolean inline) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Format {
    }

    /** A format given by name alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Format named(String type) {
        return new Format(type, null, null, null, null, null, null, null);
    }

    public boolean inlined() {
        return Boolean.TRUE.equals(inline);
    }
}
