package dev.gleaner.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void noScaleIsOneOfEachWithoutABalancer() {
        assertThat(Scale.parse(null)).isEqualTo(Scale.SINGLE);
        assertThat(Scale.parse(" ")).isEqualTo(Scale.SINGLE);
        assertThat(Scale.SINGLE.balanced()).isFalse();
    }

    @Test
    void anyOfTheThreeInAnyOrderAndTheOthersOnce() {
        assertThat(Scale.parse("gateway=2,core-api=3,farm=4")).isEqualTo(new Scale(2, 3, 4, true));
        assertThat(Scale.parse("farm=2, gateway=3")).isEqualTo(new Scale(3, 1, 2, true));
        assertThat(Scale.parse("core-api=1")).isEqualTo(new Scale(1, 1, 1, true));
    }

    @Test
    void badSpecificationsAreRefusedNamingWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("gateways=2")).withMessageContaining("'gateways'");
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("farm=0")).withMessageContaining("farm=0");
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("farm=9")).withMessageContaining("between 1 and 8");
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("farm=two")).withMessageContaining("'farm=two'");
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("farm")).withMessageContaining("service=count");
        assertThatIllegalArgumentException().isThrownBy(() -> Scale.parse("farm=2,farm=3")).withMessageContaining("twice");
    }
}
