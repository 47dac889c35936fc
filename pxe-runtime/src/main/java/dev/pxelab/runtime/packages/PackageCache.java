package dev.pxelab.runtime.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where downloaded .debs are kept between runs: {@code <root>/<debian-arch>/}, apt's archive cache
 * ({@code partial/} holds unfinished downloads), with apt's own files in {@code apt/} and a
 * {@code .lock}. The root is {@code ${XDG_CACHE_HOME:-~/.cache}/pxelab/packages} by default.
 */
final class PackageCache {

    /** FileLock is per process: threads of one JVM queue here first, or the second would get OverlappingFileLockException. */
    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path root;

    PackageCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code $XDG_CACHE_HOME/pxelab/packages}, else {@code ~/.cache/pxelab/packages}, next to the test OS cache. */
    static PackageCache ofThisUser() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new PackageCache(base.resolve("pxelab").resolve("packages"));
    }

    Path root() {
        return root;
    }

    /** The .debs of one architecture ({@code amd64}, {@code arm64}; {@code all} packages sit with each). */
    Path archives(String architecture) {
        return root.resolve(architecture);
    }

    Path aptState(String architecture) {
        return archives(architecture).resolve("apt");
    }

    Path lockFile(String architecture) {
        return archives(architecture).resolve(".lock");
    }

    /**
     * Holds the cache of {@code architecture} for this thread alone, against other threads and other
     * JVMs: apt writes a .deb into {@code partial/} and renames it into place, but two apts fetching
     * the same file into one {@code partial/} would write over each other. Creates the layout.
     */
    Lock lock(String architecture) {
        Path lockFile = lockFile(architecture);
        ReentrantLock jvmLock = IN_THIS_JVM.computeIfAbsent(lockFile, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(archives(architecture).resolve("partial"));
            Files.createDirectories(aptState(architecture));
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Lock(jvmLock, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            jvmLock.unlock();
            throw new UncheckedIOException("cannot lock pxelab's package cache " + lockFile + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /** Released on close; the lock file stays, it is only ever locked, never removed. */
    static final class Lock implements AutoCloseable {
        private final ReentrantLock jvmLock;
        private final FileChannel channel;
        private final FileLock fileLock;

        private Lock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
            this.jvmLock = jvmLock;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        boolean held() {
            return fileLock.isValid() && jvmLock.isHeldByCurrentThread();
        }

        @Override
        public void close() {
            try {
                fileLock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                jvmLock.unlock();
            }
        }
    }
}
