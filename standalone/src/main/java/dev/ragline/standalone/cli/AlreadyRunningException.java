package dev.ragline.standalone.cli;

/** Another ragline process already runs what this command would start. */
public class AlreadyRunningException extends IllegalStateException {

	public AlreadyRunningException(String message) {
		super(message);
	}

}
