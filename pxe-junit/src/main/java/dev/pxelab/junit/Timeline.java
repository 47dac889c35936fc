package dev.pxelab.junit;

import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.provision.HostState;
import dev.pxelab.runtime.provision.StateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which stage each target spent how long in, from its state changes: an HTML page with an inline
 * SVG bar chart (one row per target, one bar per stage) and the same figures as a table.
 */
final class Timeline {

    /** One stretch of time a target spent in one state. */
    record Stage(String target, HostState state, Instant from, Instant to) {
        Duration duration() {
            return Duration.between(from, to);
        }
    }

    private static final int ROW = 26;
    private static final int LABEL = 190;
    private static final int WIDTH = 760;

    private Timeline() {
    }

    /** The stages of every target from its state changes; the last stage lasts until {@code end}. */
    static List<Stage> stages(List<Target> targets, Instant end) {
        List<Stage> stages = new ArrayList<>();
        for (Target target : targets) {
            List<StateChange> changes = target.status().changes();
            for (int i = 0; i < changes.size(); i++) {
                Instant from = changes.get(i).time();
                Instant to = i + 1 < changes.size() ? changes.get(i + 1).time() : end;
                String label = target.hostname() != null ? target.hostname() + " (" + target.mac() + ")"
                        : target.mac().value();
                stages.add(new Stage(label, changes.get(i).state(), from,
                        to.isBefore(from) ? from : to));
            }
        }
        return stages;
    }

    static String html(String labName, List<Stage> stages) {
        Instant start = stages.stream().map(Stage::from).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant end = stages.stream().map(Stage::to).max(Instant::compareTo).orElse(start);
        double total = Math.max(1, Duration.between(start, end).toMillis());
        List<String> rows = stages.stream().map(Stage::target).distinct().toList();
        double scale = (WIDTH - LABEL - 10) / total;

        StringBuilder svg = new StringBuilder();
        int height = rows.size() * ROW + 30;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        for (int r = 0; r < rows.size(); r++) {
            int y = r * ROW + 4;
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(escape(rows.get(r))).append("</text>\n");
            for (Stage s : stages) {
                if (!s.target().equals(rows.get(r))) {
                    continue;
                }
                double x = LABEL + Duration.between(start, s.from()).toMillis() * scale;
                double w = Math.max(1, s.duration().toMillis() * scale);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"><title>%s %s</title></rect>%n",
                        x, y, w, color(s.state()), s.state(), seconds(s.duration())));
            }
        }
        int axis = rows.size() * ROW + 20;
        svg.append("<text x=\"").append(LABEL).append("\" y=\"").append(axis).append("\">0 s</text>\n");
        svg.append("<text x=\"").append(WIDTH - 10).append("\" y=\"").append(axis).append("\" text-anchor=\"end\">")
                .append(seconds(Duration.between(start, end))).append("</text>\n");
        svg.append("</svg>\n");

        StringBuilder legend = new StringBuilder();
        for (HostState state : HostState.values()) {
            legend.append("<span style=\"background:").append(color(state))
                    .append(";padding:0 8px;margin-right:4px\">&nbsp;</span>").append(state).append("&nbsp;&nbsp; ");
        }

        StringBuilder table = new StringBuilder("<table>\n<tr><th>target</th><th>stage</th><th>from</th><th>took</th></tr>\n");
        for (Stage s : stages) {
            table.append("<tr><td>").append(escape(s.target())).append("</td><td>").append(s.state())
                    .append("</td><td>+").append(seconds(Duration.between(start, s.from()))).append("</td><td>")
                    .append(seconds(s.duration())).append("</td></tr>\n");
        }
        table.append("</table>\n");

        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>pxelab timeline: " + escape(labName)
                + "</title>\n<style>body{font-family:sans-serif}td,th{padding:2px 10px;text-align:left}"
                + "td:nth-child(3),td:nth-child(4){text-align:right}</style></head>\n<body>\n<h1>"
                + escape(labName) + "</h1>\n<p>started " + start + "</p>\n" + svg + "<p>" + legend + "</p>\n" + table
                + "</body></html>\n";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String color(HostState state) {
        return switch (state) {
            case WAITING -> "#bbbbbb";
            case DHCP -> "#8ecae6";
            case BOOTING -> "#219ebc";
            case INSTALLING -> "#ffb703";
            case INSTALLED -> "#90be6d";
            case BOOTED -> "#2a9d8f";
            case FAILED -> "#e63946";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
