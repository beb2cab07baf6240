package io.tracepipe.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house (docs/architecture.md), checked on the compiled main classes of every
 * module: the pure modules import no Kafka type and nothing downstream of them, and the modules
 * depend on each other without cycles. The Maven enforcer checks the same for dependencies.
 */
class ArchitectureTest {
    private static final String[] PURE = {"io.tracepipe.config..", "io.tracepipe.ingest..", "io.tracepipe.anomaly..",
        "io.tracepipe.alerting..", "io.tracepipe.sampling..", "io.tracepipe.redaction.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tracepipe");
    }

    @Test
    void pureModulesImportNoKafkaType() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..")
                .check(classes);
    }

    @Test
    void pureModulesDependOnNothingThatRunsThePipeline() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("io.tracepipe.topology..", "io.tracepipe.app..", "io.tracepipe.devkit..")
                .check(classes);
    }

    @Test
    void theTopologyDoesNotKnowTheApplication() {
        noClasses().that().resideInAnyPackage("io.tracepipe.topology..", "io.tracepipe.devkit..")
                .should().dependOnClassesThat().resideInAPackage("io.tracepipe.app..")
                .check(classes);
    }

    @Test
    void modulesHaveNoDependencyCycles() {
        slices().matching("io.tracepipe.(*)..").should().beFreeOfCycles().check(classes);
    }
}
