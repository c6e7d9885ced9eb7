import FoundationEssentials
import Registrar
import Subprocess
import SystemPackage

/// The real `git`, run in a project's directory (where the bare repository is its `.git`),
/// bounded in time: a hung git (a credential prompt, a network remote) ends at `timeout`.
enum Git {
    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var error: String

        var succeeded: Bool { status == 0 }
        /// What git said of its failure, for a reply: its `fatal:` or `error:` line (it says
        /// what it was doing first), else its last line.
        var problem: String {
            let lines = (error.isEmpty ? output : error).split(separator: "\n").map(String.init)
            return lines.last { $0.hasPrefix("fatal:") || $0.hasPrefix("error:") } ?? lines.last ?? "git exited with status \(status)"
        }
    }

    static let timeout = Duration.seconds(60)

    static func run(_ arguments: [String], in directory: String, timeout: Duration = timeout) async -> Outcome {
        let finished = await withinLimit(timeout) { () -> Outcome? in
            do {
                let result = try await Subprocess.run(
                    .name("git"), arguments: Arguments(arguments),
                    environment: .inherit.updating(["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"]),
                    workingDirectory: FilePath(directory), output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
                let status: Int32 = switch result.terminationStatus {
                case .exited(let code): code
                case .signaled(let signal): 128 + signal
                }
                return Outcome(status: status, output: result.standardOutput, error: result.standardError)
            } catch {
                return Outcome(status: 127, output: "", error: "cannot run git: \(error)")
            }
        }
        return finished ?? Outcome(status: 124, output: "", error: "git \(arguments.first ?? "") took longer than \(timeout)")
    }
}
