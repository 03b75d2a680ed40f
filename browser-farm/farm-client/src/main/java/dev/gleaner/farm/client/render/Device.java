package dev.gleaner.farm.client.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of Playwright's device presets: what a page sees of the device. The list is Playwright's own
 * ({@code deviceDescriptorsSource.json} of the driver the farm runs), kept as a resource so core-api
 * can validate names without a browser; farm-node's {@code PlaywrightDevicesTest} fails when the
 * driver's list and this copy part.
 *
 * @param userAgent          the browser's User-Agent
 * @param viewport           the viewport
 * @param screen             the screen size, when it differs from the viewport
 * @param deviceScaleFactor  device pixels per CSS pixel
 * @param isMobile           whether the meta viewport tag is honoured and touch events enabled
 * @param hasTouch           whether the device has a touch screen
 * @param defaultBrowserType the engine the device really uses (Gleaner always renders with Chromium)
 */
public record Device(String userAgent, Size viewport, Size screen, double deviceScaleFactor, boolean isMobile,
        boolean hasTouch, String defaultBrowserType) {

    /** A width and height in CSS pixels. */
    public record Size(int width, int height) {
    }

    private static final Map<String, Device> PRESETS = load();

    /** The preset of this exact name (as Playwright spells it, e.g. {@code "iPhone 15"}). */
    public static Optional<Device> named(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    /** Every preset by name, in Playwright's order. */
    public static Map<String, Device> presets() {
        return PRESETS;
    }

    private static Map<String, Device> load() {
        try (InputStream in = Device.class.getResourceAsStream("playwright-devices.json")) {
            if (in == null) {
                throw new IllegalStateException("playwright-devices.json is missing from farm-client");
            }
            Map<String, Device> presets = JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(in, new TypeReference<LinkedHashMap<String, Device>>() { });
            return Collections.unmodifiableMap(presets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
