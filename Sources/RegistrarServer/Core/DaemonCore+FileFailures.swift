import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// Writes of `taskspace.json` that failed (a full disk, a file made unwritable): kept, shown in
/// `status`, and tried again by `FileRetrier` until they succeed; a newer write of the same file
/// takes the place of an older one.
extension DaemonCore {
    struct FileFailure: Sendable {
        var write: TaskspaceFileWrite
        var error: String
        var since: Date
        var attempts: Int
    }

    /// A write finished: a failure is kept for retrying, a success clears the file's failure.
    func fileWritten(_ write: TaskspaceFileWrite, error: RegistrarError?) {
        metrics.count(error == nil ? .taskspaceWritesOK : .taskspaceWritesFailed)
        guard let error else {
            fileReadErrors[write.path] = nil  // whatever was wrong with it, it is whole now
            // Cleared only when what succeeded is all that waited: a change that failed while
            // this one was being retried still waits.
            if fileFailures[write.path]?.write == write {
                fileFailures[write.path] = nil
                stateChanged.raise()  // no longer waiting in the state file
                logger.notice("taskspace.json written after all", metadata: ["path": "\(write.path)"])
            }
            return
        }
        logger.warning("could not write taskspace.json; trying again", metadata: ["path": "\(write.path)", "error": "\(error)"])
        var failure = fileFailures[write.path] ?? FileFailure(write: write, error: error.message, since: Date(), attempts: 0)
        failure.write = failure.write.merged(with: write)
        failure.error = error.message
        failure.attempts += 1
        fileFailures[write.path] = failure
        fileFailed.raise()
        stateChanged.raise()  // kept in the state file until written
    }

    /// The writes to try again now.
    func failedFileWrites() -> [TaskspaceFileWrite] { fileFailures.values.map(\.write) }

    /// A project file that was refused or could not be read (kept for `status`, the newest
    /// `readErrorLimit`).
    func noteReadError(_ path: String, _ error: String) {
        if fileReadErrors[path] == nil, fileReadErrors.count >= Self.readErrorLimit,
           let oldest = fileReadErrors.min(by: { $0.value.since < $1.value.since })?.key {
            fileReadErrors[oldest] = nil
        }
        fileReadErrors[path] = (error, Date())
    }

    static var readErrorLimit: Int { 100 }

    var fileErrorReport: [StatusData.FileError] {
        fileFailures.values.sorted { $0.write.path < $1.write.path }.map {
            StatusData.FileError(path: $0.write.path, error: $0.error, since: $0.since.ISO8601Format(), attempts: $0.attempts)
        } + fileReadErrors.sorted { $0.key < $1.key }.map {
            StatusData.FileError(path: $0.key, error: $0.value.error, since: $0.value.since.ISO8601Format(), attempts: 1,
                                 operation: "read")
        }
    }
}
