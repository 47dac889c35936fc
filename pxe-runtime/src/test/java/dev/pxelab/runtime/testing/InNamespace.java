package dev.pxelab.runtime.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code on a fresh thread that has joined another process's network namespace (setns), so a
 * test can open ordinary Java sockets on the peer side of a veth: sockets stay in the namespace
 * they were created in, whichever thread uses them later.
 */
public final class InNamespace {

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    static {
        Native.register(InNamespace.class, "c");
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int setns(int fd, int nstype) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private InNamespace() {
    }

    public static <T> T call(long pid, Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd = open("/proc/" + pid + "/ns/net", O_RDONLY);
            try {
                setns(fd, CLONE_NEWNET);
            } finally {
                close(fd);
            }
            return action.call();
        });
        Thread t = new Thread(task, "netns-" + pid);
        t.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
