package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the .debs are kept, and that one user of the cache at a time holds it. */
class PackageCacheTest {

    @TempDir Path dir;

    @Test
    void eachArchitectureHasItsArchivesAptsFilesAndALock() {
        PackageCache cache = new PackageCache(dir);

        try (PackageCache.Lock lock = cache.lock("amd64")) {
            assertThat(lock.held()).isTrue();
        }

        assertThat(cache.archives("amd64")).isEqualTo(dir.resolve("amd64"));
        assertThat(dir.resolve("amd64/partial")).isDirectory();
        assertThat(cache.aptState("amd64")).isEqualTo(dir.resolve("amd64/apt")).isDirectory();
        assertThat(cache.lockFile("amd64")).isEqualTo(dir.resolve("amd64/.lock")).isRegularFile();
    }

    @Test
    void theDefaultIsInTheUsersCacheNextToTheTestOs() {
        assertThat(PackageCache.ofThisUser().root().toString()).endsWith("/pxelab/packages");
    }

    @Test
    void anotherThreadWaitsUntilTheHolderIsDone() throws Exception {
        PackageCache cache = new PackageCache(dir);
        CompletableFuture<Boolean> second;
        try (PackageCache.Lock first = cache.lock("amd64")) {
            second = CompletableFuture.supplyAsync(() -> {
                try (PackageCache.Lock lock = cache.lock("amd64")) {
                    return lock.held();
                }
            });
            assertThat(second).failsWithin(300, TimeUnit.MILLISECONDS).withThrowableOfType(TimeoutException.class);
        }
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anotherJvmCannotTakeTheLockWhileThisOneHoldsIt() throws Exception {
        PackageCache cache = new PackageCache(dir);
        try (PackageCache.Lock lock = cache.lock("amd64")) {
            assertThat(tryLockFromAnotherJvm(cache.lockFile("amd64"))).isEqualTo("busy");
        }
        assertThat(tryLockFromAnotherJvm(cache.lockFile("amd64"))).isEqualTo("locked");
    }

    /** A second JVM (java's single-file launcher) tries the lock the way PackageCache takes it. */
    private String tryLockFromAnotherJvm(Path lockFile) throws IOException, InterruptedException {
        Path probe = Files.writeString(dir.resolve("Probe.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                            System.out.print(c.tryLock() == null ? "busy" : "locked");
                        }
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), probe.toString(), lockFile.toString()))
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }
}
