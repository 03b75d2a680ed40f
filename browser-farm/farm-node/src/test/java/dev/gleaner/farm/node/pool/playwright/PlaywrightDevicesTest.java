package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.render.Device;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * farm-client's copy of Playwright's device presets is the one in the Playwright driver the farm
 * runs ({@code deviceDescriptorsSource.json}, bundled into the driver's {@code coreBundle.js}).
 * After a Playwright upgrade that changed the list this fails and writes the new list to
 * {@code target/playwright-devices.json}: copy it over farm-client's resource.
 */
class PlaywrightDevicesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MARKER = "deviceDescriptorsSource.json\"() {";

    @Test
    void farmClientsDevicePresetsAreThoseOfThePlaywrightDriverInUse() throws IOException {
        ObjectNode driver = driverPresets();
        // farm-client keeps only what a page sees of a device
        for (Iterator<Map.Entry<String, JsonNode>> it = driver.properties().iterator(); it.hasNext(); ) {
            ((ObjectNode) it.next().getValue()).retain("userAgent", "viewport", "screen", "deviceScaleFactor", "isMobile",
                    "hasTouch", "defaultBrowserType");
        }
        Map<String, Device> fromDriver = JSON.convertValue(driver, new TypeReference<LinkedHashMap<String, Device>>() { });
        if (!fromDriver.equals(Device.presets())) {
            Path fresh = Path.of("target", "playwright-devices.json");
            Files.writeString(fresh, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(driver));
            assertThat(Device.presets()).as("farm-client's presets differ from the driver's; the driver's list is in "
                    + fresh + ": copy it to browser-farm/farm-client/src/main/resources/dev/gleaner/farm/client/render/")
                    .containsExactlyEntriesOf(fromDriver);
        }
        assertThat(Device.named("iPhone 15")).isPresent();
    }

    /** The driver's list: the object literal after the marker, with its keys quoted into JSON. */
    private static ObjectNode driverPresets() throws IOException {
        String bundle;
        try (InputStream in = PlaywrightDevicesTest.class.getResourceAsStream("/driver/package/lib/coreBundle.js")) {
            assertThat(in).as("the Playwright driver's coreBundle.js on the classpath").isNotNull();
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int marker = bundle.indexOf(MARKER);
        assertThat(marker).as("Playwright's device list in coreBundle.js").isPositive();
        int start = bundle.indexOf('{', bundle.indexOf('=', marker));
        int depth = 0;
        int end = start;
        for (; end < bundle.length(); end++) {
            char c = bundle.charAt(end);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                break;
            }
        }
        String literal = bundle.substring(start, end + 1).replaceAll("(?m)^(\\s*)([A-Za-z_]\\w*):", "$1\"$2\":");
        return (ObjectNode) JSON.readTree(literal);
    }
}
