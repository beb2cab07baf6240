package io.tracepipe.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupInstanceIdTest {
    @TempDir
    Path dir;

    @Test
    void autoMakesAnIdOnceAndKeepsItInTheStateDirectory() throws Exception {
        Path state = dir.resolve("state");
        String first = GroupInstanceId.resolve("auto", state);
        assertThat(first).startsWith("tracepipe-").matches("[a-z0-9.-]+");
        assertThat(GroupInstanceId.resolve("auto", state)).isEqualTo(first);
        assertThat(Files.readString(state.resolve(GroupInstanceId.FILE)).strip()).isEqualTo(first);
    }

    @Test
    void anotherStateDirectoryIsAnotherInstance() {
        assertThat(GroupInstanceId.resolve("auto", dir.resolve("a"))).isNotEqualTo(GroupInstanceId.resolve("auto", dir.resolve("b")));
    }

    @Test
    void aGivenIdIsUsedAsItIsAndNoneMeansDynamicMembership() {
        assertThat(GroupInstanceId.resolve("tracepipe-0", dir)).isEqualTo("tracepipe-0");
        assertThat(GroupInstanceId.resolve("none", dir)).isNull();
        assertThat(GroupInstanceId.resolve(null, dir)).isNull();
        assertThat(dir.resolve(GroupInstanceId.FILE)).doesNotExist();
    }
}
