package dev.gleaner.farm.client.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class TargetGuardTest {

    private static final AllowedTargets NONE = AllowedTargets.none();

    private static TargetGuard resolvingTo(AllowedTargets allowed, String... addresses) {
        return new TargetGuard(allowed, host -> {
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
        });
    }

    @Test
    void aPublicAddressIsAllowedAndTheCheckedAddressesComeWithTheVerdict() throws Exception {
        assertThat(resolvingTo(NONE, "93.184.216.34").check("https://example.com/page"))
                .isEqualTo(new TargetVerdict.Allowed(java.util.List.of(InetAddress.getByName("93.184.216.34"))));
    }

    @Test
    void loopbackIsRefusedUnlessItsHostAndPortAreListed() {
        assertThat(new TargetGuard(NONE).check("http://127.0.0.1:8080/"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("loopback"));
        assertThat(new TargetGuard(NONE).check("http://[::1]/").allowed()).isFalse();

        TargetGuard guard = new TargetGuard(AllowedTargets.parse("127.0.0.1:8080, [::1]:8443"));
        assertThat(guard.check("http://127.0.0.1:8080/").allowed()).isTrue();
        assertThat(guard.check("http://[::1]:8443/x").allowed()).isTrue();
        assertThat(guard.check("http://127.0.0.1:8081/").allowed()).as("another port").isFalse();
        assertThat(guard.check("http://127.0.0.1/").allowed()).as("the default port").isFalse();
        assertThat(guard.check("http://127.0.0.2:8080/").allowed()).as("another loopback address").isFalse();
        assertThat(guard.check("http://[::1]:8080/").allowed()).as("the same port on IPv6").isFalse();
    }

    @Test
    void aListedCidrBlockAllowsEveryPortInsideItAndNothingOutside() {
        TargetGuard guard = resolvingTo(AllowedTargets.parse("10.20.0.0/16"), "10.20.3.4");
        assertThat(guard.check("http://inside.test:6379/").allowed()).isTrue();
        assertThat(resolvingTo(AllowedTargets.parse("10.20.0.0/16"), "10.21.0.1").check("http://outside.test/").allowed())
                .isFalse();
    }

    @Test
    void anEntryThatIsNeitherHostPortNorCidrIsRefusedByName() {
        for (String bad : new String[] {"localhost", "127.0.0.1", "10.0.0.0/99", "host:0", "host:http", ":8080"}) {
            assertThatThrownBy(() -> AllowedTargets.parse("127.0.0.1:1," + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GLEANER_ALLOWED_TARGETS");
        }
        assertThat(AllowedTargets.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void privateLinkLocalAndMetadataAddressesAreRefusedWhateverLoopbackEntriesAreListed() {
        AllowedTargets loopback = AllowedTargets.parse("127.0.0.0/8");
        for (String address : new String[] {"10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "fd00::1", "fe80::1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1"}) {
            assertThat(resolvingTo(loopback, address).check("http://somewhere.test/").allowed())
                    .as(address).isFalse();
        }
    }

    @Test
    void aNameWithOnePrivateAnswerAmongPublicOnesIsRefused() {
        assertThat(resolvingTo(NONE, "93.184.216.34", "10.0.0.5").check("http://mixed.test/").allowed()).isFalse();
    }

    @Test
    void ipv4MappedIpv6LoopbackIsStillLoopback() {
        assertThat(resolvingTo(NONE, "::ffff:127.0.0.1").check("http://mapped.test/").allowed()).isFalse();
        assertThat(new TargetGuard(NONE).check("http://[::ffff:169.254.169.254]/").allowed()).isFalse();
    }

    @Test
    void schemesOtherThanHttpAreRefused() {
        assertThat(new TargetGuard(NONE).check("file:///etc/passwd"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("scheme"));
        assertThat(new TargetGuard(NONE).check("ftp://example.com/").allowed()).isFalse();
        assertThat(new TargetGuard(NONE).check("javascript:alert(1)").allowed()).isFalse();
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() {
        TargetGuard guard = new TargetGuard(NONE, host -> {
            throw new UnknownHostException(host);
        });
        assertThat(guard.check("http://nowhere.invalid/"))
                .isInstanceOfSatisfying(TargetVerdict.Refused.class, r -> assertThat(r.reason()).contains("does not resolve"));
    }

    @Test
    void urlsWithCharactersChromiumLeavesUnescapedAreCheckedNotRefused() {
        TargetGuard guard = resolvingTo(NONE, "93.184.216.34");
        for (String url : new String[] {"https://fonts.example/css?family=A|B", "http://a.example/x?q=^{}[]`",
                "http://a.example/p a\"th<>\\", "http://a.example/caf\u00e9?x=\u00fc#frag|ment"}) {
            assertThat(guard.check(url).allowed()).as(url).isTrue();
        }
    }

    @Test
    void aHostNameWithAnUnderscoreIsResolvedAndChecked() {
        assertThat(resolvingTo(NONE, "93.184.216.34").check("http://my_host.example.com:8080/").allowed()).isTrue();
        assertThat(resolvingTo(NONE, "10.0.0.1").check("http://my_host.example.com/").allowed()).isFalse();
    }

    @Test
    void ambiguousIpv4LiteralsAreNeverReadAsLoopbackThatPasses() {
        // octal and hex forms that WHATWG parsers read as 127.0.0.1: refused, or resolved as names that do not exist
        for (String url : new String[] {"http://0177.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://127.1/"}) {
            TargetVerdict verdict = new TargetGuard(NONE).check(url);
            assertThat(verdict.allowed()).as(url).isFalse();
        }
    }
}
