package dev.ragline.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture as tests: the packages of a module (its features) must not depend on each
 * other in a circle, so each can be read, tested and changed on its own.
 */
public final class Architecture {

	private Architecture() {
	}

	/** The production classes under {@code rootPackage}. */
	public static JavaClasses classes(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(rootPackage);
	}

	/**
	 * Fails when the packages right under {@code rootPackage} depend on each other in a
	 * circle.
	 */
	public static void assertNoPackageCycles(String rootPackage) {
		slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(classes(rootPackage));
	}

}
