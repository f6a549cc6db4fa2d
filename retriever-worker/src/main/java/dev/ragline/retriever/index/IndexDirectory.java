package dev.ragline.retriever.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a passage index lives. Either a temporary directory, deleted on close (the index
 * is rebuilt from the documents topic at every start), or a slot under a snapshot
 * directory that outlives the process: the first of {@code replica-0}, {@code replica-1},
 * ... that no other process holds. The slot is held with a file lock for as long as the
 * index is open, so replicas on one machine can share one setting and each restart finds
 * its snapshot again; a lock dies with its process, even under {@code kill -9}.
 */
public final class IndexDirectory implements AutoCloseable {

	/** More replicas of one retriever than this on one machine is a mistake. */
	static final int MAX_SLOTS = 64;

	static final String LOCK_FILE = "ragline.lock";

	private final Path path;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private IndexDirectory(Path path, FileChannel lockChannel, FileLock lock) {
		this.path = path;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/** A fresh directory, deleted on close. */
	public static IndexDirectory temporary() {
		try {
			return new IndexDirectory(Files.createTempDirectory("ragline-index-"), null, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a directory for the passage index", ex);
		}
	}

	/** The first free slot under {@code parent}, created if needed. */
	public static IndexDirectory claim(Path parent) {
		for (int slot = 0; slot < MAX_SLOTS; slot++) {
			Path path = parent.resolve("replica-" + slot);
			FileChannel channel = null;
			try {
				Files.createDirectories(path);
				channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock();
				if (lock != null) {
					return new IndexDirectory(path, channel, lock);
				}
			}
			catch (OverlappingFileLockException ex) {
				// held by this process
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot use " + path + " for the passage index", ex);
			}
			close(channel);
		}
		throw new IllegalStateException(
				"All " + MAX_SLOTS + " index slots under " + parent + " are held by other processes");
	}

	public Path path() {
		return this.path;
	}

	/** Whether the index outlives the process (a snapshot). */
	public boolean persistent() {
		return this.lock != null;
	}

	/** Deletes everything in the directory but its lock: the index starts again. */
	void wipe() {
		try (Stream<Path> files = Files.list(this.path)) {
			for (Path file : files.filter((file) -> !file.getFileName().toString().equals(LOCK_FILE)).toList()) {
				deleteTree(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot empty " + this.path, ex);
		}
	}

	@Override
	public void close() throws IOException {
		if (persistent()) {
			this.lock.release();
			this.lockChannel.close();
		}
		else {
			deleteTree(this.path);
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

	private static void deleteTree(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static void close(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// it was not ours
			}
		}
	}

}
