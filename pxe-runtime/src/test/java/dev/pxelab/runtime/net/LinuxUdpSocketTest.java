package dev.pxelab.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs in the test JVM's own namespace, on its loopback interface. */
class LinuxUdpSocketTest {

    @Test
    void receivesWhatArrivesOnItsDeviceWithTheSenderAndTheRealLength() throws Exception {
        try (LinuxUdpSocket socket = LinuxUdpSocket.bind("lo", 10067);
             DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 10068))) {
            sender.send(ByteBuffer.wrap("hello".getBytes()), new InetSocketAddress(InetAddress.getLoopbackAddress(), 10067));
            byte[] buffer = new byte[3];
            LinuxUdpSocket.Datagram d = socket.receive(buffer);
            assertThat(d.length()).isEqualTo(5);
            assertThat(d.truncated(buffer)).isTrue();
            assertThat(new String(buffer)).isEqualTo("hel");
            assertThat(d.source()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 10068));

            socket.send("back".getBytes(), 4, d.source());
            ByteBuffer reply = ByteBuffer.allocate(16);
            sender.receive(reply);
            assertThat(new String(reply.array(), 0, reply.position())).isEqualTo("back");
        }
    }

    @Test
    void closeWakesABlockedReceive() throws Exception {
        LinuxUdpSocket socket = LinuxUdpSocket.bind("lo", 10069);
        CompletableFuture<LinuxUdpSocket.Datagram> receiving = CompletableFuture.supplyAsync(() -> {
            try {
                return socket.receive(new byte[64]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        socket.close();
        assertThat(receiving.get(2, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void anUnknownDeviceIsNamedInTheError() {
        assertThatThrownBy(() -> LinuxUdpSocket.bind("nosuchdev0", 10070))
                .isInstanceOf(IOException.class).hasMessageContaining("SO_BINDTODEVICE nosuchdev0")
                .hasMessageContaining("no such device");
    }
}
