package dev.ragline.retriever.documents;

import java.time.Duration;

/**
 * How far a long job is: done of total after some time, its rate and the time it still
 * needs at that rate, for a log line or a terminal's progress bar.
 */
public record Progress(long done, long total, Duration elapsed) {

	/** For example {@code 5312 of 5683 records (93%), 29 records/s, about 13 s to go}. */
	public String describe(String unit) {
		return this.done + " of " + this.total + " " + unit + " (" + percent() + "%), " + Math.round(rate()) + " "
				+ unit + "/s, " + eta();
	}

	/** {@code describe} after a bar of {@code width} characters. */
	public String bar(int width, String unit) {
		int filled = (int) (width * (double) Math.min(this.done, this.total) / Math.max(1, this.total));
		return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + describe(unit);
	}

	/** Per second, over the whole time so far. */
	public double rate() {
		return this.done / Math.max(1e-3, this.elapsed.toNanos() / 1e9);
	}

	private long percent() {
		return (this.total > 0) ? Math.min(100, this.done * 100 / this.total) : 100;
	}

	private String eta() {
		if (this.done >= this.total) {
			return "done in " + format(this.elapsed.toSeconds());
		}
		if (this.done == 0) {
			return "time to go unknown";
		}
		return "about " + format(Math.round((this.total - this.done) / rate())) + " to go";
	}

	private static String format(long seconds) {
		return (seconds < 60) ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
	}

}
