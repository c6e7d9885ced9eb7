import FoundationEssentials
import Glibc
import Registrar
import RegistrarProtocol

/// Reading a project's files (`project.json`, `taskspace.json`) with the limits the socket has:
/// at most `limit` bytes, a regular file only (opened without blocking, so a FIFO cannot hold
/// the reader), JSON no deeper than a line may be. "Missing" means only that the file does not
/// exist: a file that cannot be read is an error, never taken for an absent one.
public enum BoundedFile {
    /// The most bytes a project file may have (Symposium's are a few KB).
    public static let defaultLimit = 4 << 20

    public enum Content: Sendable {
        case missing
        case data(Data)
    }

    public static func read(_ path: String, limit: Int = defaultLimit) throws(RegistrarError) -> Content {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR { return .missing }
            throw RegistrarError(.file, "cannot read \(path): \(String(cString: strerror(error)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw RegistrarError(.file, "cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw RegistrarError(.file, "refusing \(path): it is not a regular file") }
        guard Int(info.st_size) <= limit else {
            throw RegistrarError(.file, "refusing \(path): \(info.st_size) bytes, more than the \(limit) a project file may have")
        }
        return .data(try readAll(fd, path: path, limit: limit))
    }

    /// Everything left to read from `fd` (the file at `path`), at most `limit` bytes.
    static func readAll(_ fd: Int32, path: String, limit: Int) throws(RegistrarError) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw RegistrarError(.file, "cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return data }
            guard data.count + count <= limit else {
                throw RegistrarError(.file, "refusing \(path): it holds more than the \(limit) bytes allowed")
            }
            data.append(contentsOf: chunk[0 ..< count])
        }
    }

    /// The file as one JSON object; nil when it does not exist. Nesting past the line limit's
    /// depth is refused before decoding.
    public static func readObject(_ path: String, limit: Int = defaultLimit) throws(RegistrarError) -> [String: JSONValue]? {
        guard case .data(let data) = try read(path, limit: limit) else { return nil }
        let depth = JSONDepth.of(data)
        guard depth <= IncomingLine.maximumDepth else {
            throw RegistrarError(.file, "refusing \(path): JSON nested \(depth) levels deep (at most \(IncomingLine.maximumDepth))")
        }
        guard let members = (try? JSONDecoder().decode(JSONValue.self, from: data))?.objectValue else {
            throw RegistrarError(.file, "\(path) is not a JSON object")
        }
        return members
    }

    /// `text` cut to `RequestLimits.textBytes` bytes at a character boundary: names and
    /// descriptions read from files are held to the limit messages are.
    public static func heldToLimit(_ text: String?) -> String? {
        text?.prefix(utf8Bytes: RequestLimits.textBytes)
    }
}
