package org.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Help texts wrap at spaces only, so that paths, "e.g." and numbers stay whole. */
class SpaceWrappedHelpTest {
    @Test
    void gluingSwapsOnlyCharactersInsideWordsAndIsUndone() {
        String text = "e.g. ~/.cache/atelier, 0=1.5,6=2 (end).";
        String glued = SpaceWrappedHelp.glued(text);
        // "e.g." keeps its final '.', which a space follows; the first '.' is swapped
        assertEquals('\uE000', glued.charAt(1));
        assertEquals('.', glued.charAt(3));
        assertEquals('.', glued.charAt(glued.length() - 1), "the last character is inside no word");
        assertEquals(text, SpaceWrappedHelp.unglued(glued));
    }

    /** Every word of every command's and option's description appears whole on one line of its command's help. */
    @Test
    void everyWordOfEveryDescriptionStaysOnOneLine() {
        CommandLine root = AtelierCli.commandLine();
        List<String> broken = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
        commands.add(root);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            List<String> lines = help.lines().toList();
            List<String[]> texts = new ArrayList<>();
            texts.add(new String[] {"description", String.join(" ", command.getCommandSpec().usageMessage().description())});
            if (command == root) {
                // the list of commands: each one's description, on the root's help
                root.getSubcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                        .forEach(e -> texts.add(new String[] {"command " + e.getKey(),
                        e.getValue().getCommandSpec().usageMessage().description()[0]}));
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                texts.add(new String[] {option.longestName(), String.join(" ", option.description())});
            }
            for (String[] text : texts) {
                for (String word : text[1].split("\\s+")) {
                    // ${DEFAULT-VALUE} and the like are expanded by picocli; words longer than the column may be cut.
                    if (word.contains("${") || word.length() > 40 || word.isEmpty()) {
                        continue;
                    }
                    if (lines.stream().noneMatch(line -> line.contains(word))) {
                        broken.add(command.getCommandName() + " " + text[0] + ": " + word);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The synopsis breaks between options: picocli's own broke "[--seeds=N[,N...]]" after its comma at 80 columns. */
    @Test
    void theSynopsisWrapsBetweenOptions() {
        String sweep = AtelierCli.commandLine().getSubcommands().get("sweep").getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> synopsis = sweep.lines().takeWhile(line -> !line.isBlank() && !line.startsWith("Train")).toList();
        assertTrue(synopsis.size() > 1, "wrapped at 80 columns: " + synopsis);
        assertTrue(synopsis.stream().anyMatch(line -> line.contains("[--seeds=N[,N...]]...")), String.join("\n", synopsis));
        for (String line : synopsis) {
            assertTrue(line.endsWith("]") || line.endsWith("...") || line.endsWith("[FILE]"), "ends inside an option: " + line);
        }
    }

    /** Help is as wide as the terminal says, within 55 (picocli's least) and 120 columns. */
    @Test
    void helpFollowsTheTerminalsWidthWithinBounds() {
        for (int[] c : new int[][] {{120, 120}, {200, 120}, {100, 100}, {30, 55}}) {
            CommandLine cl = AtelierCli.commandLine();
            SpaceWrappedHelp.install(cl, () -> c[0]);
            String help = cl.getSubcommands().get("train").getUsageMessage(CommandLine.Help.Ansi.OFF);
            int widest = help.lines().mapToInt(String::length).max().orElseThrow();
            assertEquals(c[1], widest, "widest line of train's help at " + c[0] + " columns");
        }
    }

    @Test
    void aParagraphWrapsAtSpacesWithinItsWidth() {
        String text = "cnn4b: four blocks of two 3x3 convolutions (64-128-256-512), pooling 28->14->7, Dropout 0.3/0.3/0.3/0.4, "
                + "then Dense 1024-512-256-128, 100% of it; no L2.";
        String wrapped = SpaceWrappedHelp.paragraph(text, 40);
        assertEquals(text, String.join(" ", wrapped.strip().lines().toList()), "words kept whole, nothing lost or added");
        assertTrue(wrapped.lines().allMatch(line -> line.length() <= 40), wrapped);
        assertTrue(wrapped.lines().count() >= 4, wrapped);
    }
}
