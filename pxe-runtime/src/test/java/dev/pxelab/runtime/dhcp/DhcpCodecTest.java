package dev.pxelab.runtime.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.dhcp.DhcpOption.*;
import dev.pxelab.runtime.net.Ipv4;
import dev.pxelab.runtime.net.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {

    @Nested
    class RealFirmware {

        @Test
        void seabiosIpxeRomDiscoverSaysItIsIpxeOnBios() {
            DhcpMessage m = DhcpCodec.decode(Packets.capture("seabios-ipxe-discover.hex"));
            assertThat(m.type()).contains(DhcpMessageType.DISCOVER);
            assertThat(m.mac()).contains(MacAddress.of("52:54:00:00:00:11"));
            assertThat(m.options().get(UserClass.class)).get().satisfies(u -> assertThat(u.contains("iPXE")).isTrue());
            assertThat(m.options().get(IpxeEncapsulated.class)).isPresent();
            assertThat(m.options().get(ClientArchitecture.class)).contains(new ClientArchitecture(List.of(0)));
            assertThat(m.options().get(VendorClass.class))
                    .contains(new VendorClass("PXEClient:Arch:00000:UNDI:002001"));
            assertThat(m.options().get(MaxMessageSize.class)).contains(new MaxMessageSize(1472));
            assertThat(m.options().get(ClientMachineId.class).orElseThrow().uuid()).isEqualTo(new UUID(0, 0));
            assertThat(m.options().get(ParameterRequestList.class).orElseThrow().codes())
                    .startsWith(1, 3, 6, 7, 12, 15).contains(67, 175);
        }

        @Test
        void seabiosIpxeRomRequestNamesOurServerAndTheOfferedAddress() {
            DhcpMessage m = DhcpCodec.decode(Packets.capture("seabios-ipxe-request.hex"));
            assertThat(m.type()).contains(DhcpMessageType.REQUEST);
            assertThat(m.options().get(ServerIdentifier.class)).contains(new ServerIdentifier(Ipv4.parse("192.168.105.1")));
            assertThat(m.options().get(RequestedAddress.class)).contains(new RequestedAddress(Ipv4.parse("192.168.105.11")));
        }

        @Test
        void ovmfOwnPxeDiscoverIsX64UefiWithoutUserClass() {
            DhcpMessage m = DhcpCodec.decode(Packets.capture("ovmf-edk2-pxe-discover.hex"));
            assertThat(m.type()).contains(DhcpMessageType.DISCOVER);
            assertThat(m.options().get(VendorClass.class))
                    .contains(new VendorClass("PXEClient:Arch:00007:UNDI:003000"));
            assertThat(m.options().get(UserClass.class)).isEmpty();
            assertThat(m.options().get(IpxeEncapsulated.class)).isEmpty();
            assertThat(m.options().get(ClientArchitecture.class)).contains(new ClientArchitecture(List.of(7)));
            assertThat(m.options().get(ClientNetworkInterface.class)).contains(new ClientNetworkInterface(1, 3, 0));
        }

        @Test
        void capturesSurviveADecodeEncodeRoundTrip() {
            for (String name : List.of("seabios-ipxe-discover.hex", "ovmf-edk2-pxe-discover.hex")) {
                DhcpMessage m = DhcpCodec.decode(Packets.capture(name));
                DhcpMessage again = DhcpCodec.decode(DhcpCodec.encode(m, 1472).bytes());
                assertThat(again).as(name).isEqualTo(m);
            }
        }
    }

    @Nested
    class Decoding {

        @Test
        void readsEveryHeaderFieldAtItsOffset() {
            DhcpMessage m = DhcpCodec.decode(Packets.handWrittenDiscover());
            assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
            assertThat(m.xid()).isEqualTo(0xcafebabe);
            assertThat(m.broadcastFlag()).isTrue();
            assertThat(m.mac()).contains(MacAddress.of("52:54:00:00:00:11"));
            assertThat(m.ciaddr()).isEqualTo(Ip4.ANY);
            assertThat(m.sname()).isEmpty();
            assertThat(m.file()).isEmpty();
            assertThat(m.options().list()).extracting(DhcpOption::code).containsExactly(53, 55, 250);
            assertThat(m.options().get(ParameterRequestList.class)).contains(new ParameterRequestList(List.of(1, 3, 12)));
        }

        @Test
        void keepsUnknownOptionsByteForByte() {
            DhcpMessage m = DhcpCodec.decode(Packets.handWrittenDiscover());
            DhcpOption unknown = m.options().get(250).orElseThrow();
            assertThat(unknown).isInstanceOf(Unknown.class);
            assertThat(unknown.data()).containsExactly(0xab, 0xcd);
        }

        @Test
        void encodingWhatWasDecodedGivesBackTheSameBytes() {
            byte[] original = Packets.handWrittenDiscover();
            assertThat(DhcpCodec.encode(DhcpCodec.decode(original), 548).bytes()).isEqualTo(original);
        }

        @Test
        void concatenatesRepeatedOptionsAsRfc3396Says() {
            byte[] b = Packets.handWrittenDiscover();
            byte[] options = {53, 1, 1, 12, 3, 'w', 'e', 'b', 12, 2, '-', '1', (byte) 255};
            Arrays.fill(b, 240, 300, (byte) 0);
            System.arraycopy(options, 0, b, 240, options.length);
            assertThat(DhcpCodec.decode(b).options().get(HostName.class)).contains(new HostName("web-1"));
        }

        @Test
        void readsOptionsFromFileAndSnameWhenOverloaded() {
            byte[] b = Packets.handWrittenDiscover();
            Arrays.fill(b, 240, 300, (byte) 0);
            byte[] main = {53, 1, 1, 52, 1, 3, (byte) 255};
            System.arraycopy(main, 0, b, 240, main.length);
            byte[] inFile = {12, 5, 'w', 'e', 'b', '-', '1', (byte) 255};
            System.arraycopy(inFile, 0, b, 108, inFile.length);
            byte[] inSname = {15, 3, 'l', 'a', 'b', (byte) 255};
            System.arraycopy(inSname, 0, b, 44, inSname.length);
            DhcpMessage m = DhcpCodec.decode(b);
            assertThat(m.options().list()).extracting(DhcpOption::code).containsExactly(53, 12, 15);
            assertThat(m.file()).isEmpty();
            assertThat(m.sname()).isEmpty();
        }

        @Test
        void fileAndSnameAreTextWhenNotOverloaded() {
            byte[] b = Packets.handWrittenDiscover();
            System.arraycopy("undionly.kpxe".getBytes(), 0, b, 108, 13);
            System.arraycopy("boot".getBytes(), 0, b, 44, 4);
            DhcpMessage m = DhcpCodec.decode(b);
            assertThat(m.file()).isEqualTo("undionly.kpxe");
            assertThat(m.sname()).isEqualTo("boot");
        }
    }

    @Nested
    class Encoding {

        @Test
        void putsEveryFieldAtItsOffsetAndPadsToTheBootpMinimum() {
            DhcpMessage offer = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, 0x01020304, 0, 0x8000, Ip4.ANY,
                    Ipv4.parse("192.168.105.11"), Ipv4.parse("192.168.105.1"), Ip4.ANY, Packets.chaddr("52:54:00:00:00:11"),
                    "", "undionly.kpxe", DhcpOptions.of(new MessageType(DhcpMessageType.OFFER),
                    new ServerIdentifier(Ipv4.parse("192.168.105.1"))));
            byte[] b = DhcpCodec.encode(offer, 548).bytes();
            assertThat(b).hasSize(300);
            String hex = HexFormat.of().formatHex(b);
            assertThat(hex.substring(0, 24)).isEqualTo("020106000102030400008000");
            assertThat(hex.substring(32, 48)).isEqualTo("c0a8690bc0a86901"); // yiaddr, siaddr
            assertThat(hex.substring(56, 68)).isEqualTo("525400000011");
            assertThat(new String(b, 108, 13)).isEqualTo("undionly.kpxe");
            assertThat(b[121]).isZero();
            assertThat(hex.substring(472, 472 + 28)).isEqualTo("63825363" + "350102" + "3604c0a86901" + "ff");
            assertThat(Arrays.copyOfRange(b, 254, 300)).containsOnly(0);
        }

        @Test
        void splitsOptionsLongerThan255Bytes() {
            String longUrl = "http://192.168.105.1/" + "x".repeat(300);
            DhcpMessage m = Packets.request("52:54:00:00:00:11", DhcpMessageType.ACK, new BootFileName(longUrl));
            byte[] b = DhcpCodec.encode(m, 1472).bytes();
            assertThat(b[243] & 0xff).isEqualTo(67);
            assertThat(b[244] & 0xff).isEqualTo(255);
            assertThat(DhcpCodec.decode(b).options().get(BootFileName.class)).contains(new BootFileName(longUrl));
        }

        @Test
        void overflowsIntoFileAndSnameWhenTheOptionsFieldIsFull() {
            List<DhcpOption> options = new ArrayList<>();
            options.add(new MessageType(DhcpMessageType.OFFER));
            for (int code = 200; code < 220; code++) {
                options.add(new Unknown(code, new byte[20])); // 20 x 22 = 440 bytes, more than the 307 left
            }
            DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, 1, 0, 0, Ip4.ANY, Ip4.ANY, Ip4.ANY, Ip4.ANY,
                    Packets.chaddr("52:54:00:00:00:11"), "", "", new DhcpOptions(options));
            DhcpCodec.Encoded encoded = DhcpCodec.encode(m, 548);
            assertThat(encoded.bytes().length).isLessThanOrEqualTo(548);
            assertThat(encoded.dropped()).isEmpty();
            assertThat(Arrays.copyOfRange(encoded.bytes(), 240, 243)).containsExactly(52, 1, 3);
            assertThat(DhcpCodec.decode(encoded.bytes()).options()).isEqualTo(m.options());
        }

        @Test
        void leavesOutWhatFitsNowhereAndSaysWhich() {
            List<DhcpOption> options = new ArrayList<>();
            options.add(new MessageType(DhcpMessageType.OFFER));
            for (int code = 200; code < 230; code++) {
                options.add(new Unknown(code, new byte[40]));
            }
            DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, 1, 0, 0, Ip4.ANY, Ip4.ANY, Ip4.ANY, Ip4.ANY,
                    Packets.chaddr("52:54:00:00:00:11"), "", "ipxe.efi", new DhcpOptions(options));
            DhcpCodec.Encoded encoded = DhcpCodec.encode(m, 548);
            assertThat(encoded.bytes().length).isLessThanOrEqualTo(548);
            assertThat(encoded.dropped()).isNotEmpty().allMatch(c -> c >= 200);
            DhcpMessage back = DhcpCodec.decode(encoded.bytes());
            assertThat(back.file()).isEqualTo("ipxe.efi"); // the file field is taken, so only sname overflows
            assertThat(back.options().list()).hasSize(options.size() - encoded.dropped().size());
        }

        @Test
        void aLargerMaximumMessageSizeNeedsNoOverload() {
            List<DhcpOption> options = new ArrayList<>();
            options.add(new MessageType(DhcpMessageType.OFFER));
            for (int code = 200; code < 220; code++) {
                options.add(new Unknown(code, new byte[20]));
            }
            DhcpMessage m = Packets.request("52:54:00:00:00:11", DhcpMessageType.OFFER).withOptions(options);
            byte[] b = DhcpCodec.encode(m, 1472).bytes();
            assertThat(b[240]).isEqualTo((byte) 53);
            assertThat(b.length).isGreaterThan(548);
        }
    }

    @Nested
    class Malformed {

        byte[] valid() {
            return Packets.handWrittenDiscover();
        }

        void rejects(byte[] b, String... fragments) {
            assertThatThrownBy(() -> DhcpCodec.decode(b)).isInstanceOf(DhcpFormatException.class)
                    .message().contains(fragments);
        }

        byte[] withOptions(int... bytes) {
            byte[] b = valid();
            Arrays.fill(b, 240, b.length, (byte) 0);
            for (int i = 0; i < bytes.length; i++) {
                b[240 + i] = (byte) bytes[i];
            }
            return b;
        }

        @Test
        void tooShort() {
            rejects(Arrays.copyOf(valid(), 239), "too short: 239 bytes", "240");
        }

        @Test
        void wrongOp() {
            byte[] b = valid();
            b[0] = 3;
            rejects(b, "op 3 at offset 0");
        }

        @Test
        void wrongMagicCookie() {
            byte[] b = valid();
            b[239] = 0x64;
            rejects(b, "magic cookie at offset 236 is 63825364");
        }

        @Test
        void hardwareAddressLongerThanChaddr() {
            byte[] b = valid();
            b[2] = 17;
            rejects(b, "hlen 17");
        }

        @Test
        void optionRunningPastTheEnd() {
            byte[] b = Arrays.copyOf(valid(), 246);
            b[240] = 53; b[241] = 1; b[242] = 1;
            b[243] = 12; b[244] = 10; b[245] = 'x';
            rejects(b, "option 12 at offset 243", "claims 10 bytes but only 1 remain");
        }

        @Test
        void optionWithoutLengthByte() {
            byte[] b = Arrays.copyOf(valid(), 244);
            b[243] = 12;
            rejects(b, "option 12 at offset 243", "no length byte");
        }

        @Test
        void messageTypeOfTheWrongSize() {
            rejects(withOptions(53, 2, 1, 1, 255), "option 53 has 2 bytes, expected exactly 1");
        }

        @Test
        void unknownMessageType() {
            rejects(withOptions(53, 1, 99, 255), "option 53 (message type) has unknown value 99");
        }

        @Test
        void addressOptionOfTheWrongSize() {
            rejects(withOptions(53, 1, 3, 54, 3, 192, 168, 105, 255), "option 54 has 3 bytes, expected exactly 4");
        }

        @Test
        void routerListNotAMultipleOfFour() {
            rejects(withOptions(53, 1, 1, 3, 6, 1, 2, 3, 4, 5, 6, 255), "option 3 has 6 bytes", "multiple of 4");
        }

        @Test
        void maximumMessageSizeBelow576() {
            rejects(withOptions(53, 1, 1, 57, 2, 1, 0, 255), "option 57", "256", "576");
        }

        @Test
        void overloadWithAnImpossibleValue() {
            rejects(withOptions(53, 1, 1, 52, 1, 4, 255), "option 52 (overload) has value 4");
        }

        @Test
        void overloadInsideTheFileField() {
            byte[] b = withOptions(53, 1, 1, 52, 1, 1, 255);
            b[108] = 52; b[109] = 1; b[110] = 2; b[111] = (byte) 255;
            rejects(b, "option 52 (overload)", "in the file field");
        }

        @Test
        void overloadedFileFieldWithABadLength() {
            byte[] b = withOptions(53, 1, 1, 52, 1, 1, 255);
            b[108] = 12; b[109] = (byte) 200;
            rejects(b, "option 12 at offset 108 in the file field claims 200 bytes");
        }
    }
}
