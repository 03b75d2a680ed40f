package dev.gleaner.core.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

import crawlercommons.filters.basic.BasicURLNormalizer;
import net.dankito.readability4j.Readability4J;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.html2md.converter.HtmlNodeRendererHandler;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * A rendered page's HTML in the forms users ask for: cleaned HTML, Markdown, plain text, its links
 * and images. Parsed once (jsoup, with the page's final URL as base so relative references
 * resolve), then cleaned of what is not content: scripts, styles, templates, frames, forms' hidden
 * inputs, tracking pixels and comments. Markdown comes from flexmark's HTML converter over the
 * cleaned body.
 *
 * <p>CPU work on possibly megabytes of HTML: callers run it on a bounded scheduler, never on an
 * event loop.
 */
public final class PageContent {

    /** Elements that carry no content a reader sees. */
    private static final String NOT_CONTENT = "script, style, noscript, template, iframe, frame, object, embed,"
            + " svg, canvas, link, meta, base, input[type=hidden]";
    /** Tracking pixels: images nobody is meant to see. */
    private static final String TRACKING = "img[width=0], img[height=0], img[width=1][height=1]";
    private static final String LINKS = "a[href], area[href]";
    /**
     * crawler-commons' normaliser: scheme and host lower-case, default ports and fragments dropped, dot segments
     * resolved, query parameters sorted, unreserved characters unescaped; so one page is one link.
     */
    private static final BasicURLNormalizer URLS = new BasicURLNormalizer();
    private static final String IMAGES = "img[src]";
    /** Elements after which text continues on a new line. */
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "br", "dd",
            "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
            "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul");
    /**
     * flexmark's converter, plain, and images are always images: its own takes any image whose file name is
     * an emoji's ("chart.png", "star.png") for that emoji.
     */
    private static final FlexmarkHtmlConverter MARKDOWN = FlexmarkHtmlConverter.builder(new MutableDataSet()
                    // plain Markdown: no "{#id}" attribute blocks after elements that have an id
                    .set(FlexmarkHtmlConverter.OUTPUT_ATTRIBUTES_ID, false))
            .htmlNodeRendererFactory(options -> () -> Set.of(
                    new HtmlNodeRendererHandler<>("img", Element.class, (img, context, out) -> out.append(image(img)))))
            .build();

    /** The page's own description of itself, read before cleaning removes its {@code meta} and {@code link} elements. */
    public record Meta(String description, String canonical, String language, Map<String, String> openGraph) {
    }

    private final Document document;
    private final Meta meta;
    private final Map<String, Object> extracted;

    private PageContent(Document document, Meta meta, Map<String, Object> extracted) {
        this.document = document;
        this.meta = meta;
        this.extracted = extracted;
    }

    /** @param baseUrl the page's final URL, against which relative links and image sources resolve */
    public static PageContent parse(String html, String baseUrl) {
        return parse(html, baseUrl, false, null);
    }

    /**
     * @param onlyMainContent keep only the page's main content (found by Readability4J, a port of Mozilla's
     *                        Readability) for the cleaned forms; metadata and extraction still see the whole page
     * @param extract         rules to extract JSON with from the whole page as fetched, or null
     */
    public static PageContent parse(String html, String baseUrl, boolean onlyMainContent, ExtractRules extract) {
        String source = html == null ? "" : html;
        String base = baseUrl == null ? "" : baseUrl;
        Document document = Jsoup.parse(source, base);
        Meta meta = meta(document);
        Map<String, Object> extracted = extract == null ? null : extract.apply(document);
        if (onlyMainContent) {
            String main = new Readability4J(base, source).parse().getContent();
            if (main != null && !main.isBlank()) {
                document.body().html(main);
            }
        }
        document.select(NOT_CONTENT).remove();
        document.select(TRACKING).remove();
        removeComments(document);
        // references as a reader would follow them: absolute, so Markdown's links work off the page too
        absolutize(document, LINKS, "href");
        absolutize(document, IMAGES, "src");
        return new PageContent(document, meta, extracted);
    }

    /** What the extraction rules found, or null when there were none. */
    public Map<String, Object> extracted() {
        return extracted;
    }

    private static Meta meta(Document document) {
        Map<String, String> openGraph = new LinkedHashMap<>();
        for (Element og : document.select("meta[property^=og:][content]")) {
            openGraph.putIfAbsent(og.attr("property").substring("og:".length()), og.attr("content").strip());
        }
        Element canonical = document.selectFirst("link[rel=canonical][href]");
        return new Meta(blankToNull(document.select("meta[name=description]").attr("content")),
                canonical == null ? null : blankToNull(canonical.absUrl("href")),
                blankToNull(document.select("html[lang]").attr("lang")), Map.copyOf(openGraph));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Description, canonical URL, language and Open Graph properties as the page states them. */
    public Meta meta() {
        return meta;
    }

    private static void absolutize(Document document, String selector, String attribute) {
        for (Element element : document.select(selector)) {
            String absolute = element.absUrl(attribute);
            if (!absolute.isEmpty()) {
                element.attr(attribute, absolute);
            }
        }
    }

    private static void removeComments(Node root) {
        List<Node> comments = new ArrayList<>();
        root.traverse((node, depth) -> {
            if (node instanceof Comment) {
                comments.add(node);
            }
        });
        comments.forEach(Node::remove);
    }

    private static String image(Element img) {
        String src = img.attr("src");
        if (src.isBlank()) {
            return "";
        }
        String alt = img.attr("alt").replaceAll("\\s+", " ").strip().replace("[", "\\[").replace("]", "\\]");
        String target = src.matches(".*[\\s()<>].*") ? "<" + src.replace("<", "%3C").replace(">", "%3E") + ">" : src;
        return "![" + alt + "](" + target + ")";
    }

    /** The cleaned page as HTML: its structure and text, links and image sources absolute. */
    public String html() {
        return document.outerHtml();
    }

    /** The cleaned body as Markdown: headings, lists, tables, fenced code blocks and links kept. */
    public String markdown() {
        Element body = document.body().clone();
        // flexmark fences a <pre>, and a <pre><code> only with a language- class (else it indents): fence them all
        body.select("pre > code:not([class*=language-])").unwrap();
        return MARKDOWN.convert(body.outerHtml()).strip();
    }

    /** The text a reader sees, one line per block, runs of spaces collapsed, at most one blank line in a row. */
    public String text() {
        StringBuilder out = new StringBuilder();
        document.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    String words = text.text().replaceAll("\\s+", " ");
                    if (out.isEmpty() || out.charAt(out.length() - 1) == '\n') {
                        words = words.stripLeading();
                    }
                    out.append(words);
                } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    newline(out);
                } else if (node instanceof Element element && (element.normalName().equals("td")
                        || element.normalName().equals("th"))) {
                    out.append(' ');
                }
            }
        });
        StringBuilder text = new StringBuilder();
        boolean blank = true; // no blank line at the start, nor two in a row
        for (String line : (Iterable<String>) out.toString().lines().map(String::strip)::iterator) {
            if (!line.isEmpty() || !blank) {
                text.append(line).append('\n');
            }
            blank = line.isEmpty();
        }
        return text.toString().strip();
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    /** Every http(s) link of the page, absolute and normalised (so without its fragment), each once, in page order. */
    public List<String> links() {
        return absolute(LINKS, "href");
    }

    /** Every image source of the page, absolute and normalised, each once, in page order. */
    public List<String> images() {
        return absolute(IMAGES, "src");
    }

    private List<String> absolute(String selector, String attribute) {
        Set<String> found = new LinkedHashSet<>();
        for (Element element : document.select(selector)) {
            String url = element.attr(attribute); // made absolute at parse
            if (url.startsWith("http://") || url.startsWith("https://")) {
                String normal = URLS.filter(url);
                if (normal != null) {
                    found.add(normal);
                }
            }
        }
        return List.copyOf(found);
    }
}
