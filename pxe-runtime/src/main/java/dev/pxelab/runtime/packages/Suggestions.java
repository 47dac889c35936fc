package dev.pxelab.runtime.packages;

import dev.pxelab.runtime.text.EditDistance;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the known package names closest to a mistyped one. */
final class Suggestions {

    private Suggestions() {
    }

    /** Up to three names within a few edits of {@code typed} (more edits allowed for longer names), closest first. */
    static List<String> closest(String typed, Collection<String> known) {
        int allowed = Math.max(1, Math.min(3, typed.length() / 4));
        record Scored(String name, int distance) { }
        return known.stream()
                .filter(name -> Math.abs(name.length() - typed.length()) <= allowed)
                .map(name -> new Scored(name, EditDistance.between(typed, name)))
                .filter(s -> s.distance() <= allowed)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(3)
                .map(Scored::name)
                .toList();
    }
}
