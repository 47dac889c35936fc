package dev.pxelab.runtime.autoinstall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: prints how long validating 1,000 files takes (run by tools/bench/validate.sh).
 * The files cycle through the corpus (valid and invalid, 10-50 lines each); each round validates
 * 1,000 of them from memory and 1,000 from disk, after warm-up rounds that let the JIT settle.
 *
 * <pre>ValidationBenchmark CORPUS_DIR [COPIES_DIR]</pre>
 * With COPIES_DIR, the 1,000 files are also written there, for timing the command line.
 */
public final class ValidationBenchmark {

    private static final int FILES = 1_000;
    private static final int WARM_UP_ROUNDS = 10;
    private static final int ROUNDS = 10;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ValidationBenchmark CORPUS_DIR [COPIES_DIR]");
            System.exit(2);
        }
        List<Path> corpus;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            corpus = files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
        Path copies = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("pxelab-validate-bench");
        Files.createDirectories(copies);
        List<Path> paths = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            Path source = corpus.get(i % corpus.size());
            Path copy = copies.resolve(String.format("%04d-%s", i, source.getFileName()));
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            paths.add(copy);
            names.add(copy.getFileName().toString());
            contents.add(Files.readString(source));
        }
        long lines = contents.stream().mapToLong(content -> content.lines().count()).sum();
        System.out.printf("corpus: %d distinct files, %d files per round, %d lines per round; java %s, %d cpus%n",
                corpus.size(), FILES, lines, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        AutoinstallValidator validator = AutoinstallValidator.create();
        long firstRound = 0;
        long[] memory = new long[ROUNDS];
        long[] disk = new long[ROUNDS];
        int problems = 0;
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < FILES; i++) {
                problems += validator.validate(names.get(i), contents.get(i)).problems().size();
            }
            long middle = System.nanoTime();
            for (Path path : paths) {
                problems += validator.validate(path).problems().size();
            }
            long end = System.nanoTime();
            if (round == -WARM_UP_ROUNDS) {
                firstRound = middle - start;
            }
            if (round >= 0) {
                memory[round] = middle - start;
                disk[round] = end - middle;
            }
        }
        System.out.printf("first (cold) round, from memory: %.1f ms for %d files%n", firstRound / 1e6, FILES);
        report("warm, from memory", memory);
        report("warm, from disk  ", disk);
        System.out.printf("(%d problems reported in total; copies in %s)%n", problems, copies);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e6;
        System.out.printf("%s: median %.1f ms, best %.1f ms per %d files (%.1f us per file)%n",
                what, median, sorted[0] / 1e6, FILES, median * 1000 / FILES);
    }
}
