package dev.pxelab.runtime.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileResolverTest {

    static final long BUDGET = 8L << 20;

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 1234);

    @TempDir
    Path dir;

    @Test
    void leadingSlashesAndDotSegmentsNameAFileUnderTheRoot() throws Exception {
        assertThat(FileResolver.normalise("/undionly.kpxe")).isEqualTo("undionly.kpxe");
        assertThat(FileResolver.normalise("//efi/./x64//grubx64.efi")).isEqualTo("efi/x64/grubx64.efi");
        assertThat(FileResolver.normalise("pxelinux.cfg/01-52-54-00-00-00-11")).isEqualTo("pxelinux.cfg/01-52-54-00-00-00-11");
    }

    @Test
    void namesThatCouldLeaveTheRootAreAccessViolations() {
        assertAccessViolation("../etc/passwd", "'..'");
        assertAccessViolation("boot/../../etc/passwd", "'..'");
        assertAccessViolation("/..", "'..'");
        assertAccessViolation("..\\etc\\passwd", "backslash");
        assertAccessViolation("boot\\pxeboot.n12", "backslash");
        assertAccessViolation("%2e%2e/etc/passwd", "URL-encoded");
        assertAccessViolation("%2E%2E%2Fetc", "URL-encoded");
        assertAccessViolation("a\nb", "control character");
    }

    @Test
    void emptyNamesAreNotFound() {
        assertThatThrownBy(() -> FileResolver.normalise("")).isInstanceOf(FileResolver.Refused.class)
                .satisfies(e -> assertThat(((FileResolver.Refused) e).code).isEqualTo(1));
        assertThatThrownBy(() -> FileResolver.normalise("/./")).isInstanceOf(FileResolver.Refused.class)
                .satisfies(e -> assertThat(((FileResolver.Refused) e).code).isEqualTo(1));
    }

    private static void assertAccessViolation(String name, String reason) {
        assertThatThrownBy(() -> FileResolver.normalise(name)).isInstanceOf(FileResolver.Refused.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((FileResolver.Refused) e).code).isEqualTo(2));
    }

    @Test
    void absoluteNamesAreRelativeToTheRootSoEtcPasswdIsNotFound() throws Exception {
        FileResolver resolver = new FileResolver(Optional.of(dir), TftpFileSource.NONE, BUDGET);
        assertThatThrownBy(() -> resolver.resolve("/etc/passwd", false, CLIENT)).isInstanceOf(FileResolver.Refused.class)
                .satisfies(e -> assertThat(((FileResolver.Refused) e).code).isEqualTo(1));
    }

    @Test
    void symbolicLinksLeadingOutOfTheRootAreRefusedAndInsideAreFollowed() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = Files.writeString(dir.resolve("secret"), "secret");
        Files.writeString(root.resolve("real.cfg"), "inside");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("alias.cfg"), root.resolve("real.cfg"));
        Files.createSymbolicLink(root.resolve("up"), dir);
        FileResolver resolver = new FileResolver(Optional.of(root), TftpFileSource.NONE, BUDGET);

        assertThatThrownBy(() -> resolver.resolve("escape", false, CLIENT)).hasMessageContaining("symbolic link leads outside")
                .satisfies(e -> assertThat(((FileResolver.Refused) e).code).isEqualTo(2));
        assertThatThrownBy(() -> resolver.resolve("up/secret", false, CLIENT)).hasMessageContaining("symbolic link leads outside");
        assertThat(read(resolver.resolve("alias.cfg", false, CLIENT))).isEqualTo("inside");
    }

    @Test
    void directoriesAreNotFiles() throws Exception {
        Files.createDirectory(dir.resolve("efi"));
        FileResolver resolver = new FileResolver(Optional.of(dir), TftpFileSource.NONE, BUDGET);
        assertThatThrownBy(() -> resolver.resolve("efi", false, CLIENT)).hasMessageContaining("not a regular file");
    }

    @Test
    void inMemoryFilesComeFirstUnderTheirNormalisedName() throws Exception {
        Files.writeString(dir.resolve("boot.ipxe"), "from disk");
        FileResolver resolver = new FileResolver(Optional.of(dir),
                TftpFileSource.of(Map.of("boot.ipxe", "generated".getBytes(StandardCharsets.UTF_8))), BUDGET);
        assertThat(read(resolver.resolve("/boot.ipxe", false, CLIENT))).isEqualTo("generated");
    }

    /** B3: netascii conversions are held in memory; together they stay within one budget. */
    @Test
    void netasciiConversionsShareOneMemoryBudgetAndGiveItBackWhenClosed() throws Exception {
        Files.write(dir.resolve("big.txt"), new byte[1000]);
        FileResolver resolver = new FileResolver(Optional.of(dir), TftpFileSource.NONE, 4000);

        Content first = resolver.resolve("big.txt", true, CLIENT);
        Content second = resolver.resolve("big.txt", true, CLIENT);
        assertThatThrownBy(() -> resolver.resolve("big.txt", true, CLIENT))
                .isInstanceOf(FileResolver.Refused.class).hasMessageContaining("server busy");
        first.close();
        second.close();

        assertThat(resolver.netasciiBudget().used()).isZero();
        resolver.resolve("big.txt", true, CLIENT).close();
        Files.write(dir.resolve("huge.txt"), new byte[4096]);
        assertThatThrownBy(() -> resolver.resolve("huge.txt", true, CLIENT))
                .isInstanceOf(FileResolver.Refused.class).hasMessageContaining("use octet");
    }

    @Test
    void aNameLongerThanAnyBootFileIsRefusedUnread() {
        assertThatThrownBy(() -> FileResolver.normalise("a".repeat(60_000)))
                .isInstanceOf(FileResolver.Refused.class).hasMessageContaining("longer than 512");
    }

    @Test
    void netasciiTurnsLineEndsIntoCrLfAndBareCrIntoCrNul() throws Exception {
        FileResolver resolver = new FileResolver(Optional.empty(),
                TftpFileSource.of(Map.of("t.txt", "a\nb\rc".getBytes(StandardCharsets.US_ASCII))), BUDGET);
        Content c = resolver.resolve("t.txt", true, CLIENT);
        assertThat(c.size()).isEqualTo(7);
        assertThat(read(c)).isEqualTo("a\r\nb\r\0c");
    }

    private static String read(Content content) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) content.size());
        content.read(0, (int) content.size(), b);
        content.close();
        return new String(b.array(), StandardCharsets.US_ASCII);
    }
}
