package org.atelier.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU's model and vector extensions: the same seed gives other digits on a CPU with other ones. */
class ProvenanceTest {
    @Test
    void theModelAndVectorExtensionsAreReadFromTheFirstCpusLines() {
        List<String> avx2Only = List.of("processor\t: 0", "model name\t: AMD EPYC",
                "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 avx f16c avx2 bmi2 sha_ni",
                "processor\t: 1", "flags\t\t: fpu avx512f");
        List<String> avx512 = List.of("model name\t: AMD EPYC",
                "flags\t\t: avx avx2 fma avx512f avx512dq avx512_vnni avx512_bf16 gfni");

        assertEquals("AMD EPYC", Provenance.cpuModel(avx2Only));
        assertEquals(List.of("avx", "avx2", "fma"), Provenance.vectorExtensions(avx2Only));
        assertEquals(List.of("avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16"), Provenance.vectorExtensions(avx512));
        assertEquals(List.of(), Provenance.vectorExtensions(List.of("model name\t: some ARM")));
    }
}
