package dev.pxelab.runtime.packages;

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
                .map(name -> new Scored(name, distance(typed, name)))
                .filter(s -> s.distance() <= allowed)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(3)
                .map(Scored::name)
                .toList();
    }

    /** Levenshtein distance, two rows at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
