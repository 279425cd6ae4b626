package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.atelier.util.UserException;
import org.junit.jupiter.api.Test;

class KeyValueOptionsTest {
    @Test
    void keepsTheOrderAndEverythingAfterTheFirstEquals() {
        Map<String, String> parsed = KeyValueOptions.parse(List.of("spark.b=1", "spark.a=x=y"), "--conf", "KEY=VALUE");
        assertEquals(List.of("spark.b", "spark.a"), List.copyOf(parsed.keySet()));
        assertEquals("x=y", parsed.get("spark.a"));
    }

    @Test
    void refusesAMissingPartOrAKeyGivenTwiceNamingTheOption() {
        for (String bad : List.of("lr", "=0.1", "lr=")) {
            UserException e = assertThrows(UserException.class, () -> KeyValueOptions.parse(List.of(bad), "--fix", "OPTION=VALUE"));
            assertEquals("--fix takes OPTION=VALUE, got '" + bad + "'", e.getMessage());
        }
        UserException twice = assertThrows(UserException.class,
                () -> KeyValueOptions.parse(List.of("lr=1", "epochs=2", "lr=3"), "--vary", "OPTION=V1,V2,..."));
        assertEquals("--vary gives 'lr' twice", twice.getMessage());
    }
}
