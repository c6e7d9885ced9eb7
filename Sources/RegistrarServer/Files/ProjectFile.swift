import FoundationEssentials
import Registrar
import RegistrarProtocol

/// A project's `project.json` as Symposium's app writes it: the list the app loads its
/// taskspaces from, with a copy of every taskspace's file embedded (PROTOCOL.md 8.5). The app
/// forgets to save it after logs; the registrar keeps the copy in step with `taskspace.json`,
/// every other member kept, written atomically.
struct ProjectFile {
    let path: String
    var members: [String: JSONValue]

    /// Larger files are left alone (a project of many taskspaces with long logs; its
    /// `taskspace.json` files are still written).
    static let limit = 16 << 20

    static func read(project directory: String) throws(RegistrarError) -> ProjectFile {
        let path = directory + "/project.json"
        guard let members = try BoundedFile.readObject(path, limit: limit) else {
            throw RegistrarError(.file, "\(path) does not exist")
        }
        return ProjectFile(path: path, members: members)
    }

    /// Replaces the embedded copy of taskspace `id` with `taskspace`; false when the project
    /// does not list it (the registrar adds nothing the app did not list).
    mutating func embed(_ taskspace: [String: JSONValue], id: TaskspaceID) -> Bool {
        guard var listed = members["taskspaces"]?.arrayValue,
              let index = listed.firstIndex(where: { $0["id"]?.stringValue.flatMap(TaskspaceID.init) == id })
        else { return false }
        listed[index] = .object(taskspace)
        members["taskspaces"] = .array(listed)
        return true
    }

    func write() throws(RegistrarError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(members)) else { throw RegistrarError(.file, "cannot encode \(path)") }
        try AtomicFile.write(data, to: path, mode: 0o644)
    }
}

/// A change of a taskspace's progress log (`log_progress`, `signal_user`, the user's
/// acknowledgement), made on the file queue to `taskspace.json` as it is then, and copied into
/// `project.json`.
struct ProgressWrite: Sendable {
    enum Change: Sendable {
        case append(logID: String, message: String, category: ProgressCategory, limit: Int)
        /// Questions become info; written only when there was one.
        case acknowledge
    }

    struct Outcome: Sendable {
        /// Why `taskspace.json` was not written; nil when it was (or had nothing to change).
        var error: String?
        /// Why `project.json` was not brought in step, when it was not.
        var projectError: String?
        /// `.acknowledge`: whether there were questions.
        var changed = false
        /// The file as written, for views.
        var summary: TaskspaceSummary?
    }

    let directory: String
    let project: String?
    let id: TaskspaceID
    let change: Change
    let time: Date

    @Sendable func perform() -> Outcome {
        var file: TaskspaceFile
        do throws(RegistrarError) {
            file = try TaskspaceFile.read(in: directory, id: id)
        } catch {
            return Outcome(error: error.message)
        }
        switch change {
        case .append(let logID, let message, let category, let limit):
            file.appendLog(id: logID, message: message, category: category, at: time, limit: limit)
        case .acknowledge:
            guard file.acknowledgeQuestions(at: time) else { return Outcome() }
        }
        do throws(RegistrarError) {
            try file.write()
        } catch {
            return Outcome(error: "could not save \(file.path): \(error.message)")
        }
        var outcome = Outcome(changed: true, summary: file.summary)
        guard let project else { return outcome }
        do throws(RegistrarError) {
            var projectFile = try ProjectFile.read(project: project)
            if projectFile.embed(file.members, id: id) { try projectFile.write() }
        } catch {
            outcome.projectError = error.message
        }
        return outcome
    }
}
