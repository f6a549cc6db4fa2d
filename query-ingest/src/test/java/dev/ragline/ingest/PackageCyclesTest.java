package dev.ragline.ingest;

import dev.ragline.testsupport.Architecture;
import org.junit.jupiter.api.Test;

/** No two packages of this module depend on each other in a circle. */
class PackageCyclesTest {

	@Test
	void noPackageCycles() {
		Architecture.assertNoPackageCycles("dev.ragline.ingest");
	}

}
