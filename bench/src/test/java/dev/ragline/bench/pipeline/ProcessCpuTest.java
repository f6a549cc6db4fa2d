package dev.ragline.bench.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

	/** Thread names as Linux keeps them: the first 15 characters. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			C2 CompilerThre | JIT compiler
			C1 CompilerThre | JIT compiler
			GC Thread#0     | GC and JVM
			http-nio-127.0. | HTTP (Tomcat)
			lettuce-nioEven | Redis client (Lettuce)
			kafka-producer- | Kafka clients (network threads)
			consumer_backgr | Kafka clients (network threads)
			queryListenerCo | retriever (listener, search)
			primaryGenerati | LLM stage (listeners, calls)
			llm-primary-3   | LLM stage (listeners, calls)
			OkHttp TaskRunn | LLM stage (listeners, calls)
			data-plane-kafk | Kafka broker
			group-coordinat | Kafka broker
			kafka-1-raft-io | Kafka broker
			BatchSpanProces | tracing and metrics
			main            | other threads
			""")
	void countsAThreadToItsPartByName(String thread, String part) {
		assertThat(ProcessCpu.partOf(thread)).isEqualTo(part);
	}

}
