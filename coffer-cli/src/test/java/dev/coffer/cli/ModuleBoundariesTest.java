package dev.coffer.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module table of ARCHITECTURE.md as rules: what each module may depend on. Runs here because
 * the CLI module sees every other module's classes.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.coffer");
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.coffer.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.coffer.http..", "dev.coffer.cli..", "dev.coffer.client..", "dev.coffer.engines..",
                        "dev.coffer.auth..", "dev.coffer.leaks..", "dev.coffer.files..")
                .check(classes);
    }

    @Test
    void coreKnowsNothingOfHttpOrJetty() {
        noClasses().that().resideInAPackage("dev.coffer.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "picocli..")
                .check(classes);
    }

    @Test
    void httpDependsOnlyOnCoreAmongOurModules() {
        noClasses().that().resideInAPackage("dev.coffer.http..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.coffer.cli..", "dev.coffer.client..", "dev.coffer.leaks..", "dev.coffer.files..",
                        "dev.coffer.engines..", "dev.coffer.auth..")
                .check(classes);
    }

    @Test
    void enginesSeeOnlyTheFrameworkOfTheCore() {
        noClasses().that().resideInAPackage("dev.coffer.engines..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.coffer.core.barrier..", "dev.coffer.core.seal..",
                        "dev.coffer.core.router..", "dev.coffer.core.mount..", "dev.coffer.core.policy..",
                        "dev.coffer.core.sys..", "dev.coffer.core.wrapping..", "dev.coffer.http..", "dev.coffer.cli..")
                .check(classes);
    }

    @Test
    void authMethodsSeeOnlyTheFrameworkOfTheCore() {
        noClasses().that().resideInAPackage("dev.coffer.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.coffer.core.barrier..", "dev.coffer.core.seal..",
                        "dev.coffer.core.router..", "dev.coffer.core.mount..", "dev.coffer.core.policy..",
                        "dev.coffer.core.sys..", "dev.coffer.core.wrapping..", "dev.coffer.core.token..",
                        "dev.coffer.core.audit..", "dev.coffer.core.login..", "dev.coffer.engines..",
                        "dev.coffer.http..", "dev.coffer.cli..")
                .check(classes);
    }

    @Test
    void theLeakScannerAndMaskerNeedNoOtherModule() {
        noClasses().that().resideInAPackage("dev.coffer.leaks..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.coffer.core..", "dev.coffer.engines..",
                        "dev.coffer.auth..", "dev.coffer.http..", "dev.coffer.cli..", "dev.coffer.client..")
                .check(classes);
    }

    @Test
    void clientWorksWithoutAServerInTheProcess() {
        noClasses().that().resideInAPackage("dev.coffer.client..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.coffer.core..", "dev.coffer.http..", "dev.coffer.cli..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void onlyTheCoreAndItsMountTableCallTheRouter() {
        noClasses().that().resideOutsideOfPackages("dev.coffer.core", "dev.coffer.core.router..", "dev.coffer.core.mount..")
                .should().dependOnClassesThat().resideInAPackage("dev.coffer.core.router..")
                .check(classes);
    }

    @Test
    void theHttpLayerDoesNotReachIntoStorageOrTheBarrier() {
        noClasses().that().resideInAPackage("dev.coffer.http..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.coffer.core.barrier..", "dev.coffer.core.storage..", "dev.coffer.core.token..")
                .check(classes);
    }
}
