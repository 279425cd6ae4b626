package org.atelier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages' dependency graph, read from the sources: data flows one way and nothing below the CLI knows it. */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/atelier");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.atelier\\.([a-z]+)\\.");

    /** Package -> the other Atelier packages its sources name (imports and qualified names). */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> targets = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                String text = Files.readString(file).replaceFirst("package [^;]+;", "");
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        targets.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    @Test
    void theGraphIsReadFromTheSources() {
        Map<String, Set<String>> graph = graph();
        assertTrue(graph.keySet().containsAll(List.of("cli", "training", "run", "serving")), graph.keySet().toString());
        assertTrue(graph.get("cli").contains("training"), "the CLI calls training");
    }

    @Test
    void noPackageImportsTheCommandLine() {
        List<String> offenders = graph().entrySet().stream().filter(e -> !e.getKey().equals("cli") && e.getValue().contains("cli"))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), offenders);
    }

    @Test
    void thePackagesFormNoCycle() {
        Map<String, Set<String>> graph = graph();
        List<String> cycle = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
        for (String start : graph.keySet()) {
            if (cycle.isEmpty()) {
                findCycle(start, graph, state, new ArrayList<>(), cycle);
            }
        }
        assertEquals(List.of(), cycle, "a dependency cycle");
    }

    private static void findCycle(String pkg, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path,
            List<String> cycle) {
        Integer seen = state.get(pkg);
        if (seen != null) {
            if (seen == 1) {
                cycle.addAll(path.subList(path.indexOf(pkg), path.size()));
                cycle.add(pkg);
            }
            return;
        }
        state.put(pkg, 1);
        path.add(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            if (cycle.isEmpty()) {
                findCycle(next, graph, state, path, cycle);
            }
        }
        path.remove(path.size() - 1);
        state.put(pkg, 2);
    }
}
