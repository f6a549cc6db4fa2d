package dev.ragline.infra;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The system handing out the same free port twice, as it did to a broker and its
 * controller: the second server gets another one.
 */
class PortChooserTest {

	@Test
	void aPortChosenJustBeforeIsNotChosenAgain() {
		PortChooser chooser = new PortChooser(ports(40_001, 40_001, 40_002));

		assertThat(chooser.choose(0)).isEqualTo(40_001);
		assertThat(chooser.choose(0)).isEqualTo(40_002);
	}

	@Test
	void thePortTakenByAnotherServerIsNeverChosen() {
		// 40_003 was given to the broker by its caller, not by the chooser
		PortChooser chooser = new PortChooser(ports(40_003, 40_003, 40_004));

		assertThat(chooser.choose(40_003)).isEqualTo(40_004);
	}

	@Test
	void aRecentPortWillDoWhenTheSystemKeepsGivingIt() {
		Deque<Integer> given = new ArrayDeque<>();
		given.add(40_005);
		for (int i = 0; i < PortChooser.ATTEMPTS; i++) {
			given.add(40_005);
		}
		PortChooser chooser = new PortChooser(given::removeFirst);
		chooser.choose(0);

		assertThat(chooser.choose(0)).isEqualTo(40_005);
	}

	@Test
	void portsChosenLongAgoMayBeChosenAgain() {
		Deque<Integer> given = new ArrayDeque<>();
		for (int i = 0; i <= PortChooser.REMEMBERED; i++) {
			given.add(41_000 + i);
		}
		given.add(41_000);
		PortChooser chooser = new PortChooser(given::removeFirst);
		for (int i = 0; i <= PortChooser.REMEMBERED; i++) {
			chooser.choose(0);
		}

		assertThat(chooser.choose(0)).isEqualTo(41_000);
	}

	private static IntSupplier ports(Integer... ports) {
		Deque<Integer> given = new ArrayDeque<>(List.of(ports));
		return given::removeFirst;
	}

}
