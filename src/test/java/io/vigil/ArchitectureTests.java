package io.vigil;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape the packages keep: features without cycles, a language core free of Spring,
 * Jackson 3 only.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.vigil");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.vigil.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void theLanguageAndTheEngineAreFreeOfTheFramework() {
		noClasses().that()
			.resideInAnyPackage("io.vigil.eql..", "io.vigil.diagnostics..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "jakarta.persistence..")
			.check(CLASSES);
		noClasses().that()
			.resideInAPackage("io.vigil.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "jakarta..", "io.vigil.ingest..", "io.vigil.alerts..",
					"io.vigil.detection..", "io.vigil.cluster..")
			.because("the engine is plain Java: storage and configuration live in the features that own them")
			.check(CLASSES);
	}

	@Test
	void jsonIsJackson3() {
		noClasses().that()
			.doNotHaveFullyQualifiedName("io.vigil.api.OpenApiConfiguration")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.fasterxml.jackson.databind..")
			.because("Boot 4 serves Jackson 3 (tools.jackson); Jackson 2 is on the classpath only for libraries, "
					+ "and the OpenAPI configuration names swagger-core's (Jackson 2) schemas as the server does")
			.check(CLASSES);
	}

}
