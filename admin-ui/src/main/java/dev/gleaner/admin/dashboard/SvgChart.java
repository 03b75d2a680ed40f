package dev.gleaner.admin.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as SVG markup (no chart component, no frontend build): stacked bars per time slot and
 * lines over time, with a title, axis labels and a text alternative for screen readers. Values are scaled to the
 * largest one shown.
 */
final class SvgChart {

    /** One series: its name, colour and a value per slot. */
    record Series(String name, String colour, double[] values) {
    }

    private static final int WIDTH = 560;
    private static final int HEIGHT = 200;
    private static final int LEFT = 44;
    private static final int BOTTOM = 24;
    private static final int TOP = 24;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private SvgChart() {
    }

    /** Stacked bars, one per slot (oldest first). */
    static String bars(String title, String summary, List<Instant> slots, List<Series> series) {
        double max = 0;
        for (int i = 0; i < slots.size(); i++) {
            double sum = 0;
            for (Series s : series) {
                sum += s.values()[i];
            }
            max = Math.max(max, sum);
        }
        StringBuilder svg = open(title, summary, max, slots);
        double slot = (double) (WIDTH - LEFT - 8) / Math.max(1, slots.size());
        for (int i = 0; i < slots.size(); i++) {
            double y = HEIGHT - BOTTOM;
            for (Series s : series) {
                double h = max == 0 ? 0 : s.values()[i] / max * (HEIGHT - BOTTOM - TOP);
                if (h > 0) {
                    y -= h;
                    svg.append(String.format(Locale.ROOT,
                            "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %s</title></rect>",
                            LEFT + i * slot + 1, y, Math.max(1, slot - 2), h, s.colour(), CLOCK.format(slots.get(i)),
                            escape(s.name()), number(s.values()[i])));
                }
            }
        }
        return close(svg, series);
    }

    /** Lines through each series' points (oldest first). */
    static String lines(String title, String summary, List<Instant> slots, List<Series> series) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = open(title, summary, max, slots);
        double step = (double) (WIDTH - LEFT - 8) / Math.max(1, slots.size() - 1);
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < slots.size(); i++) {
                double y = HEIGHT - BOTTOM - (max == 0 ? 0 : s.values()[i] / max * (HEIGHT - BOTTOM - TOP));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + i * step, y));
            }
            svg.append("<polyline fill='none' stroke-width='2' stroke='").append(s.colour()).append("' points='")
                    .append(points.toString().strip()).append("'><title>").append(escape(s.name())).append(", now ")
                    .append(s.values().length == 0 ? "–" : number(s.values()[s.values().length - 1]))
                    .append("</title></polyline>");
        }
        return close(svg, series);
    }

    private static StringBuilder open(String title, String summary, double max, List<Instant> slots) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='100%%' role='img' "
                        + "style='max-width:%dpx;font:11px sans-serif'><title>%s</title><desc>%s</desc>",
                WIDTH, HEIGHT, WIDTH, escape(title), escape(summary)));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='14' font-weight='600' font-size='13'>%s</text>", LEFT,
                escape(title)));
        svg.append(String.format(Locale.ROOT,
                "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#999'/><line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#999'/>",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM, LEFT, HEIGHT - BOTTOM, WIDTH - 8, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>", LEFT - 4, TOP + 4,
                number(max)));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>0</text>", LEFT - 4,
                HEIGHT - BOTTOM));
        if (!slots.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", LEFT, HEIGHT - 8,
                    CLOCK.format(slots.getFirst())));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s UTC</text>", WIDTH - 8,
                    HEIGHT - 8, CLOCK.format(slots.getLast())));
        }
        return svg;
    }

    private static String close(StringBuilder svg, List<Series> series) {
        int x = WIDTH - 8;
        for (Series s : series.reversed()) {
            String name = escape(s.name());
            x -= 14 + name.length() * 6;
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='6' width='10' height='10' fill='%s'/>"
                    + "<text x='%d' y='15'>%s</text>", x, s.colour(), x + 13, name));
        }
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
