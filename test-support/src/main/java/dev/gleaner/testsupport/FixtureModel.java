package dev.gleaner.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gleaner.testsupport.FakeModelServer.Call;
import dev.gleaner.testsupport.FakeModelServer.Reply;

/**
 * The model the tests' services talk to (a {@link FakeModelServer}): it reads {@code Product:} and
 * {@code Price:} off the fixture shop's page it is given (devstack's {@code fixture-site/llm/}), as a careful model would; a fixture page naming a {@code SCENARIO}
 * gets that misbehaviour instead. It obeys an instruction only where a careless prompt would let one through:
 * in the system message, or outside the page's delimited data.
 */
public final class FixtureModel {

    public static final String KEY = "sk-fixture-key-never-shown";
    private static final Pattern PRODUCT = Pattern.compile("Product: ([^\\n]+)");
    private static final Pattern PRICE = Pattern.compile("Price: ([0-9.]+)");
    private static final Pattern BEGINS = Pattern.compile("\\APAGE ([0-9a-f]{16}) BEGINS[^\\n]*\\n");

    private FixtureModel() {
    }

    public static FakeModelServer start() {
        return new FakeModelServer(FixtureModel::answer);
    }

    public static Reply answer(Call call) {
        String page = call.text("user");
        Matcher begins = BEGINS.matcher(page);
        boolean delimited = begins.find() && page.contains("\nPAGE " + begins.group(1) + " ENDS");
        if (call.text("system").contains("IGNORE ALL PREVIOUS") || !delimited) {
            return Reply.answer("{\"product\": \"HACKED\", \"price\": 0}");
        }
        if (page.contains("SCENARIO not-json")) {
            return Reply.answer("The product on this page is a green kettle.");
        }
        Matcher product = PRODUCT.matcher(page);
        Matcher price = PRICE.matcher(page);
        String name = product.find() ? "\"" + product.group(1).strip() + "\"" : "null";
        String cost = price.find() ? price.group(1) : "null";
        if (page.contains("SCENARIO unrepairable")) {
            return Reply.answer("{\"product\": " + name + ", \"cost\": " + cost + "}");
        }
        return Reply.answer("{\"product\": " + name + ", \"price\": " + cost + "}");
    }
}
