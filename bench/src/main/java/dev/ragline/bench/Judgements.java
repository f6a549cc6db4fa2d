package dev.ragline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ragline.contracts.MessageJson;
import tools.jackson.databind.JsonNode;

/**
 * A BEIR dataset's queries and relevance judgements, and the measures computed from them
 * as {@code trec_eval} does.
 *
 * @param queries query id to query text, for every judged query
 * @param relevance query id to (document id to judgement)
 */
record Judgements(Map<String, String> queries, Map<String, Map<String, Integer>> relevance) {

	/**
	 * Reads {@code queries.jsonl} (or {@code queries.test.jsonl}) and
	 * {@code qrels/test.tsv} of a BEIR folder.
	 */
	static Judgements read(Path dataset) {
		Path queriesFile = Files.exists(dataset.resolve("queries.jsonl")) ? dataset.resolve("queries.jsonl")
				: dataset.resolve("queries.test.jsonl");
		Map<String, Map<String, Integer>> relevance = new LinkedHashMap<>();
		try {
			List<String> lines = Files.readAllLines(dataset.resolve("qrels").resolve("test.tsv"));
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.split("\t");
				if (fields.length >= 3) {
					relevance.computeIfAbsent(fields[0], (id) -> new HashMap<>())
						.put(fields[1], Integer.parseInt(fields[2].trim()));
				}
			}
			Map<String, String> queries = new LinkedHashMap<>();
			for (String line : Files.readAllLines(queriesFile)) {
				if (!line.isBlank()) {
					JsonNode query = MessageJson.mapper().readTree(line);
					String id = query.path("_id").asString(query.path("id").asString(null));
					if (relevance.containsKey(id)) {
						queries.put(id, query.path("text").asString());
					}
				}
			}
			return new Judgements(queries, relevance);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the judgements of " + dataset, ex);
		}
	}

	/**
	 * nDCG at {@code depth} of one query's ranking: the judgement as gain,
	 * {@code log2(rank + 1)} as discount, the ideal from all judged documents; 0 for an
	 * empty ranking.
	 */
	double ndcg(String queryId, List<String> ranking, int depth) {
		Map<String, Integer> judged = this.relevance.get(queryId);
		double dcg = 0;
		for (int i = 0; i < Math.min(depth, ranking.size()); i++) {
			dcg += judged.getOrDefault(ranking.get(i), 0) / log2(i + 2);
		}
		List<Integer> ideal = new ArrayList<>(judged.values());
		ideal.sort(Comparator.reverseOrder());
		double idcg = 0;
		for (int i = 0; i < Math.min(depth, ideal.size()); i++) {
			idcg += ideal.get(i) / log2(i + 2);
		}
		return (idcg == 0) ? 0 : dcg / idcg;
	}

	/**
	 * Share of a query's relevant documents found in the first {@code depth} of its
	 * ranking.
	 */
	double recall(String queryId, List<String> ranking, int depth) {
		Map<String, Integer> judged = this.relevance.get(queryId);
		long relevant = judged.values().stream().filter((judgement) -> judgement > 0).count();
		long found = ranking.stream().limit(depth).filter((id) -> judged.getOrDefault(id, 0) > 0).count();
		return (relevant == 0) ? 0 : (double) found / relevant;
	}

	private static double log2(double value) {
		return Math.log(value) / Math.log(2);
	}

}
