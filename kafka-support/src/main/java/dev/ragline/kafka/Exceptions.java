package dev.ragline.kafka;

/** Finds ragline's own exception inside the wrappers the listener container adds. */
public final class Exceptions {

	private Exceptions() {
	}

	/**
	 * The first exception of {@code type} in the cause chain of {@code exception}, or
	 * {@code null}.
	 */
	public static <T extends Throwable> T find(Throwable exception, Class<T> type) {
		Throwable current = exception;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
