package dev.ragline.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPortsTest {

	@Test
	void portsPickedOneAfterTheOtherAreAllDifferent() {
		Set<Integer> picked = new HashSet<>();
		for (int i = 0; i < 64; i++) {
			assertThat(picked.add(LocalPorts.pick())).as("pick %d is new", i).isTrue();
		}
	}

	@Test
	void aPortTakenForAnotherServerIsNeverPickedForASecondOne() throws IOException {
		int taken;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			taken = socket.getLocalPort();
		}
		for (int i = 0; i < 200; i++) {
			assertThat(LocalPorts.pickExcept(taken)).isNotEqualTo(taken);
		}
	}

	@Test
	void aPickedPortIsFree() {
		assertThat(LocalPorts.isFree(LocalPorts.pick())).isTrue();
	}

}
