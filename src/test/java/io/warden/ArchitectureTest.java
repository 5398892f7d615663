package io.warden;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may use whom inside Warden. Each package's {@code package-info.java} says the same in prose;
 * this test is what keeps the prose true.
 */
class ArchitectureTest {

    private static final JavaClasses WARDEN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.warden");

    /** The root package: WardenException and the small file and URL classes every layer shares. */
    private static final String ROOT = "io.warden";

    @Test
    void lowerFloorsNeverReachUpToTheCommandLineTheDaemonOrTheHttpServer() {
        noClasses().that().resideInAnyPackage(
                        "io.warden.snapshot..", "io.warden.watch..", "io.warden.alert..",
                        "io.warden.config..", "io.warden.audit..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.warden.cli..", "io.warden.daemon..", "io.warden.server..")
                .check(WARDEN);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.warden.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.warden.cli..")
                .check(WARDEN);
    }

    @Test
    void onlyTheCommandLineStartsTheDaemon() {
        noClasses().that().resideOutsideOfPackages("io.warden.cli..", "io.warden.daemon..")
                .should().dependOnClassesThat().resideInAPackage("io.warden.daemon..")
                .check(WARDEN);
    }

    @Test
    void onlyTheDaemonServesHttp() {
        noClasses().that().resideOutsideOfPackages("io.warden.daemon..", "io.warden.server..")
                .should().dependOnClassesThat().resideInAPackage("io.warden.server..")
                .check(WARDEN);
    }

    @Test
    void theRootPackageDependsOnNoLayer() {
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat(wardenOutsideOf())
                .check(WARDEN);
    }

    @Test
    void snapshotsHoldOnlyTheRecordsOfConnectComplyAndDr() {
        DescribedPredicate<JavaClass> notARecordOrEnum = new DescribedPredicate<>("neither a record nor an enum") {
            @Override
            public boolean test(JavaClass type) {
                JavaClass outer = type;
                while (outer.getEnclosingClass().isPresent()) {
                    outer = outer.getEnclosingClass().get();
                }
                return !outer.isRecord() && !outer.isEnum();
            }
        };
        noClasses().that().resideInAPackage("io.warden.snapshot..")
                .should().dependOnClassesThat(wardenOutsideOf("io.warden.snapshot..", "io.warden.connect..", "io.warden.comply..",
                        "io.warden.dr.."))
                .orShould().dependOnClassesThat(resideInAnyPackage("io.warden.connect..", "io.warden.comply..",
                        "io.warden.dr..").and(notARecordOrEnum))
                .check(WARDEN);
    }

    /** A package, and the packages of Warden besides itself and the root package it may use. */
    record Floor(String pkg, boolean root, String... allowed) {
        @Override
        public String toString() {
            return pkg + " -> " + (root ? "root, " : "") + String.join(", ", allowed);
        }
    }

    static Stream<Floor> floors() {
        return Stream.of(
                new Floor("config", true),
                new Floor("audit", true),
                new Floor("connect", true),
                new Floor("schemaregistry", true),
                new Floor("embedded", false),
                new Floor("kafka", true, "snapshot"),
                new Floor("watch", true, "snapshot", "kafka", "connect", "config"),
                new Floor("alert", true, "watch", "audit"),
                new Floor("notify", true, "alert", "watch", "config"),
                new Floor("heal", true, "alert", "audit", "config", "connect", "notify", "snapshot", "watch"),
                new Floor("report", true, "audit", "watch"),
                new Floor("server", true, "alert", "audit", "comply", "config", "dr", "snapshot", "watch"),
                new Floor("comply", true, "config", "kafka", "snapshot", "watch"),
                new Floor("protect", true, "audit", "connect", "kafka", "schemaregistry", "snapshot"),
                new Floor("runbook", true, "audit", "comply", "config", "kafka", "protect", "snapshot", "watch"),
                new Floor("dr", true, "audit", "config", "connect", "kafka", "schemaregistry", "snapshot", "watch",
                        "protect.metadata", "runbook.groups", "runbook.verify"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floors")
    void eachPackageUsesOnlyTheFloorsItsPackageInfoNames(Floor floor) {
        String[] allowed = Stream.concat(
                        Stream.of(floor.pkg()),
                        Arrays.stream(floor.allowed()))
                .map(name -> "io.warden." + name + "..")
                .toArray(String[]::new);
        DescribedPredicate<JavaClass> forbidden = wardenOutsideOf(allowed);
        if (floor.root()) {
            forbidden = forbidden.and(not(resideInAPackage(ROOT)));
        }
        noClasses().that().resideInAPackage("io.warden." + floor.pkg() + "..")
                .should().dependOnClassesThat(forbidden.as("Warden classes outside of " + floor))
                .check(WARDEN);
    }

    private static DescribedPredicate<JavaClass> wardenOutsideOf(String... packages) {
        DescribedPredicate<JavaClass> warden = resideInAPackage("io.warden..")
                .and(not(resideInAPackage(ROOT)));
        return packages.length == 0 ? warden : warden.and(not(resideInAnyPackage(packages)));
    }
}
