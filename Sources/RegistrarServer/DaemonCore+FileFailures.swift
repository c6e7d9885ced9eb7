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
        guard let error else {
            if fileFailures.removeValue(forKey: write.path) != nil {
                logger.notice("taskspace.json written after all", metadata: ["path": "\(write.path)"])
            }
            return
        }
        logger.warning("could not write taskspace.json; trying again", metadata: ["path": "\(write.path)", "error": "\(error)"])
        var failure = fileFailures[write.path] ?? FileFailure(write: write, error: error.message, since: Date(), attempts: 0)
        failure.write = write
        failure.error = error.message
        failure.attempts += 1
        fileFailures[write.path] = failure
        fileFailed.raise()
    }

    /// The writes to try again now.
    func failedFileWrites() -> [TaskspaceFileWrite] { fileFailures.values.map(\.write) }

    var fileErrorReport: [StatusData.FileError] {
        fileFailures.values.sorted { $0.write.path < $1.write.path }.map {
            StatusData.FileError(path: $0.write.path, error: $0.error, since: $0.since.ISO8601Format(), attempts: $0.attempts)
        }
    }
}
