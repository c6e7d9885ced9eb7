import Foundation

/// Unbuffered writes to standard output and error, so a line is out before the process waits
/// or exits, whoever reads it.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
