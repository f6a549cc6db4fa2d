package dev.ragline.llm;

import dev.ragline.testsupport.Architecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The LLM worker's packages: the backends ({@code vllm}, {@code ollama}) and what they
 * share ({@code backend}, {@code prompt}) know nothing of the processors that use them
 * ({@code generation}), and no two packages depend on each other in a circle.
 */
class ArchitectureTest {

	private static final String ROOT = "dev.ragline.llm";

	@Test
	void noPackageCycles() {
		Architecture.assertNoPackageCycles(ROOT);
	}

	@Test
	void backendsDependOnTheBackendNeutralTypesNotOnTheProcessors() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".vllm..", ROOT + ".ollama..", ROOT + ".backend..", ROOT + ".prompt..",
					ROOT + ".extractive..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".generation..")
			.check(Architecture.classes(ROOT));
	}

}
