package dev.ragline.standalone.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure only one process runs something (a standalone, an infra on a data
 * directory): an exclusive lock on a file that holds what the holder runs and where. The
 * operating system releases it when the process ends, however it ends.
 */
public final class InstanceLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private InstanceLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock on {@code file}.
	 * @param what what the lock guards, e.g. {@code a ragline standalone}
	 * @throws AlreadyRunningException when another process holds it, with what that
	 * process wrote into the file
	 */
	public static InstanceLock acquire(Path file, String what) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
				channel.close();
				throw new AlreadyRunningException(what + " is already running"
						+ (holder.isEmpty() ? " (lock " + file + ")" : ": " + holder) + "; stop it first");
			}
			InstanceLock instance = new InstanceLock(channel, lock);
			instance.describe("pid " + ProcessHandle.current().pid() + ", starting");
			return instance;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + file, ex);
		}
	}

	/**
	 * Takes the lock on {@code file} if no other process holds it.
	 * @return the lock, or empty when another process holds it
	 */
	public static java.util.Optional<InstanceLock> tryAcquire(Path file) {
		try {
			return java.util.Optional.of(acquire(file, file.toString()));
		}
		catch (AlreadyRunningException ex) {
			return java.util.Optional.empty();
		}
	}

	/** Says what the holder runs and where, for a second process to tell its user. */
	public void describe(String description) {
		try {
			this.channel.truncate(0);
			this.channel.write(ByteBuffer.wrap(description.getBytes(StandardCharsets.UTF_8)), 0);
			this.channel.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the lock file", ex);
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			// the process is ending; the lock goes with it
		}
	}

}
