package dev.gleaner.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How pages are answered.
 *
 * @param rawHtmlInline the largest {@code rawHtml} an answer carries in itself; a larger page is stored as an
 *                      artifact of its tenant's and the answer links to it
 */
@ConfigurationProperties("gleaner.core.content")
public record ContentProperties(@DefaultValue("1MB") DataSize rawHtmlInline) {
}
