package dev.pxelab.runtime.tftp;

import dev.pxelab.runtime.event.EventSink;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs pxelab's TFTP server standalone, for tools/bench/tftp.sh and manual checks, until killed:
 * {@code TftpServerMain ROOT ADDRESS PORT}. (The real CLI comes with the provisioner.)
 */
public final class TftpServerMain {

    private TftpServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TftpServerMain ROOT ADDRESS PORT");
            System.exit(2);
        }
        TftpServerConfig config = TftpServerConfig.builder()
                .root(Path.of(args[0]))
                .address(InetAddress.getByName(args[1]))
                .port(Integer.parseInt(args[2]))
                .build();
        TftpServer server = TftpServer.start(config, EventSink.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + server.address());
        new CountDownLatch(1).await();
    }
}
