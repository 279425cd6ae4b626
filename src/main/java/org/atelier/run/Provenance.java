package org.atelier.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atelier.data.DataLocator;
import org.atelier.data.FashionMnist;

/**
 * Where a run's result comes from, kept in its config.json beside the settings: the data it read
 * (the files' SHA-256), the Atelier build, and the machine: the CPU model, its vector extensions
 * and PyTorch's thread count, which with the seed make results bit-reproducible (PyTorch picks its
 * kernels by the extensions, so a CPU without AVX-512 gives other digits than one with it).
 *
 * @param gitCommit the launcher's `git describe --always --dirty` of the checkout, or "unknown"
 * @param afterEpoch for a resumed session, the epoch it continued from; null for the start
 * @param afterBatch for a session resumed from a save part-way through epoch afterEpoch + 1, the
 *                   batches of it that the save held; absent otherwise
 */
public record Provenance(@JsonProperty("atelier_version") String atelierVersion,
                         @JsonProperty("git_commit") String gitCommit,
                         @JsonProperty("java") String java,
                         @JsonProperty("threads") int threads,
                         @JsonProperty("cpu") String cpu,
                         @JsonProperty("cpu_vector_extensions") List<String> cpuVectorExtensions,
                         @JsonProperty("data_source") String dataSource,
                         @JsonProperty("data_dir") String dataDir,
                         @JsonProperty("data_sha256") Map<String, String> dataSha256,
                         @JsonProperty("started") String started,
                         @JsonProperty("after_epoch") Integer afterEpoch,
                         @JsonProperty("after_batch") @JsonInclude(JsonInclude.Include.NON_NULL) Integer afterBatch) {
    /** Set by the launcher from the checkout it runs in. */
    public static final String COMMIT_PROPERTY = "atelier.commit";

    /** Atelier's version from the jar's manifest, or "dev" when run from classes. */
    public static String currentVersion() {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public static Provenance now(DataLocator.Located data, int threads, Integer afterEpoch, Integer afterBatch) {
        List<String> cpuInfo = cpuInfo();
        return new Provenance(currentVersion(), System.getProperty(COMMIT_PROPERTY, "unknown"),
                System.getProperty("java.version"), threads, cpuModel(cpuInfo), vectorExtensions(cpuInfo), data.source(),
                data.dir().toString(), fileHashes(data.dir()),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), afterEpoch,
                afterBatch);
    }

    /** SHA-256 of each data file as stored, by file name. */
    static Map<String, String> fileHashes(Path dir) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (FashionMnist.DataFile f : FashionMnist.DataFile.values()) {
            Path file = f.locate(dir);
            if (file != null) {
                hashes.put(file.getFileName().toString(), sha256(file));
            }
        }
        return hashes;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The x86 vector extensions that decide which kernels PyTorch and oneDNN run, oldest first. */
    private static final List<String> VECTOR_EXTENSIONS = List.of("avx", "avx2", "fma", "avx512f", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "amx_tile");

    /** The CPU's model name in {@code cpuInfo}, else the JVM's architecture. */
    static String cpuModel(List<String> cpuInfo) {
        return cpuInfo.stream().filter(l -> l.startsWith("model name")).map(Provenance::value)
                .findFirst().orElse(System.getProperty("os.arch"));
    }

    /** Which of {@link #VECTOR_EXTENSIONS} the first CPU's flags in {@code cpuInfo} list (none off x86 Linux). */
    static List<String> vectorExtensions(List<String> cpuInfo) {
        List<String> flags = cpuInfo.stream().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> List.of(value(l).split("\\s+"))).orElse(List.of());
        return VECTOR_EXTENSIONS.stream().filter(flags::contains).toList();
    }

    private static String value(String cpuInfoLine) {
        return cpuInfoLine.substring(cpuInfoLine.indexOf(':') + 1).strip();
    }

    private static List<String> cpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
