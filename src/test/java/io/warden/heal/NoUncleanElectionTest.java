package io.warden.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.ElectionType;
import org.junit.jupiter.api.Test;

/**
 * Warden never proposes or performs an unclean leader election: no class of it refers to
 * {@code ElectionType.UNCLEAN}, only the classes that refuse or judge {@code unclean.leader.election.enable}
 * name it (each proven so by its own tests), and no shipped config or playbook runs one. Read from the compiled classes' constant pools, so the rule holds whatever
 * the source looks like (a string built elsewhere, a static import).
 */
class NoUncleanElectionTest {

    private static final String ELECTION_TYPE = "org/apache/kafka/common/ElectionType";
    private static final String UNCLEAN_CONFIG = "unclean.leader.election.enable";

    /**
     * The classes that may name the config: topics apply refuses to turn it on (TopicsFileTest), the
     * compliance audit reads it to fail a PHI topic that has it on (ComplianceRulesTest).
     */
    private static final Set<String> REFUSE_OR_JUDGE = Set.of("io/warden/runbook/topics/TopicPlanner.class",
            "io/warden/comply/DataChecks.class", "io/warden/comply/ComplianceService.class");

    /** A class that does what Warden must never do: the rule must catch it. */
    @SuppressWarnings("unused")
    static final class Violator {
        Object election() {
            return ElectionType.UNCLEAN;
        }

        String config() {
            return UNCLEAN_CONFIG;
        }
    }

    @Test
    void noClassOfWardenRefersToAnUncleanElection() throws Exception {
        Path classes = Path.of(ElectPreferredLeadersAction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> electsUncleanly(f) || namesTheConfig(f) && !REFUSE_OR_JUDGE.contains(classes.relativize(f).toString()))
                    .map(f -> classes.relativize(f).toString()).toList();
        }

        assertThat(offenders).isEmpty();
        assertThat(Files.exists(classes.resolve("io/warden/heal/ElectPreferredLeadersAction.class"))).isTrue();
    }

    @Test
    void theRuleCatchesAClassThatDoes() throws URISyntaxException {
        Path classes = Path.of(Violator.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        Path violator = classes.resolve("io/warden/heal/NoUncleanElectionTest$Violator.class");
        assertThat(electsUncleanly(violator)).isTrue();
        assertThat(namesTheConfig(violator)).isTrue();
    }

    @Test
    void noShippedConfigOrPlaybookRunsAnUncleanElection() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<String> offenders;
        try (Stream<Path> files = Stream.of("deploy", "src/main/resources", "docs").map(root::resolve).filter(Files::isDirectory)
                .flatMap(NoUncleanElectionTest::walk)) {
            offenders = files.filter(Files::isRegularFile).filter(f -> {
                String text = read(f).toLowerCase(Locale.ROOT);
                return text.contains(UNCLEAN_CONFIG) || text.matches("(?s).*election[-_. ]type[\"':= ]*unclean.*");
            }).map(Path::toString).toList();
        }

        assertThat(offenders).isEmpty();
    }

    static boolean electsUncleanly(Path classFile) {
        Set<String> utf8 = constants(classFile);
        return utf8.contains("UNCLEAN") && utf8.stream().anyMatch(s -> s.contains(ELECTION_TYPE));
    }

    static boolean namesTheConfig(Path classFile) {
        return constants(classFile).stream().anyMatch(s -> s.contains(UNCLEAN_CONFIG));
    }

    /** The UTF-8 constants of a class file's constant pool. */
    static Set<String> constants(Path classFile) {
        Set<String> utf8 = new HashSet<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.skipBytes(8); // magic, minor, major
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8.add(data.readUTF());
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++; // longs and doubles take two slots
                    }
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return utf8;
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
