package dev.pxelab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md draws which package of pxe-runtime and pxe-junit uses which ("Package layout"); it
 * drifted from the code once, unnoticed. This derives the graph from the main sources — every
 * reference to {@code dev.pxelab.runtime.<package>.} outside comments, imports and names written
 * inline alike — and holds the document's block to it, and the graph to having no cycle.
 */
class PackageDependenciesTest {

    private static final Path RUNTIME = Path.of("../pxe-runtime/src/main/java/dev/pxelab/runtime");
    private static final Path JUNIT = Path.of("src/main/java/dev/pxelab/junit");
    private static final Path DESIGN = Path.of("../docs/design.md");
    private static final String JUNIT_PACKAGE = "dev.pxelab.junit";
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.pxelab\\.(?:runtime\\.([a-z]+)\\.|(junit)\\.)");

    @Test
    void theDesignDocumentDrawsTheGraphTheImportsMake() throws IOException {
        assertThat(documented()).isEqualTo(derived());
    }

    @Test
    void dependenciesPointDownwardWithoutCycles() throws IOException {
        Map<String, Set<String>> graph = derived();
        Set<String> placed = new TreeSet<>();
        while (placed.size() < graph.size()) {
            List<String> next = graph.entrySet().stream()
                    .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            assertThat(next).as("packages left, each using another of them (a cycle): %s",
                    graph.keySet().stream().filter(p -> !placed.contains(p)).toList()).isNotEmpty();
            placed.addAll(next);
        }
    }

    /** Package (short name, or dev.pxelab.junit) to the packages its code refers to. */
    private static Map<String, Set<String>> derived() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> packages = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(RUNTIME)) {
            dirs.filter(Files::isDirectory).forEach(packages::add);
        }
        packages.add(JUNIT);
        for (Path dir : packages) {
            String name = dir.equals(JUNIT) ? JUNIT_PACKAGE : dir.getFileName().toString();
            Set<String> uses = graph.computeIfAbsent(name, n -> new TreeSet<>());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = COMMENT.matcher(Files.readString(file)).replaceAll(" ")
                            .replaceFirst("(?m)^package [^;]+;", "");
                    Matcher reference = REFERENCE.matcher(code);
                    while (reference.find()) {
                        String used = reference.group(1) != null ? reference.group(1) : JUNIT_PACKAGE;
                        if (!used.equals(name)) {
                            uses.add(used);
                        }
                    }
                }
            }
        }
        return graph;
    }

    /** The block after "Dependencies point downward" in docs/design.md, read the same way. */
    private static Map<String, Set<String>> documented() throws IOException {
        String design = Files.readString(DESIGN);
        int from = design.indexOf("```\n", design.indexOf("Dependencies point downward")) + 4;
        String block = design.substring(from, design.indexOf("```", from));
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : block.strip().split("\n")) {
            String[] sides = line.split("─>");
            assertThat(sides).as("a line of the form 'a, b ─> c, d': %s", line).hasSize(2);
            Set<String> uses = new TreeSet<>();
            if (!sides[1].strip().equals("nothing of pxelab")) {
                for (String used : sides[1].split(",")) {
                    uses.add(used.strip());
                }
            }
            for (String user : sides[0].split(",")) {
                assertThat(graph.put(user.strip(), uses)).as("%s is drawn once", user.strip()).isNull();
            }
        }
        return graph;
    }
}
