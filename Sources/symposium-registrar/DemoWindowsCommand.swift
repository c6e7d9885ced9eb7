import ArgumentParser
import FoundationEssentials
import Glibc
import Registrar
import X11Windows

struct DemoWindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-windows",
        abstract: "Open demo windows with titles in every encoding, some marked, and keep them open.",
        discussion: """
            For trying the registrar and for benchmarks. Titles rotate through _NET_WM_NAME with
            WM_NAME, _NET_WM_NAME only, WM_NAME as COMPOUND_TEXT (non-Latin text) and WM_NAME as
            STRING. Prints one `ready` line once the server holds them all, then waits until it is
            interrupted or its standard input closes (with --until-stdin-closes); the windows
            close with it.

            Example:
              symposium-registrar demo-windows --count 1000 --marked 100
            """
    )

    @OptionGroup var displayOptions: DisplayOptions

    @Option(help: "How many windows to open.")
    var count = 4

    @Option(help: "How many of them carry a [SYMPOSIUM:<uuid>] marker.")
    var marked = 2

    @Flag(help: "Exit when standard input reaches its end instead of waiting for a signal.")
    var untilStdinCloses = false

    func validate() throws {
        guard count >= 0, marked >= 0, marked <= count else {
            throw ValidationError("--marked must be between 0 and --count")
        }
    }

    func run() async throws {
        let maker: WindowMaker
        do {
            maker = try WindowMaker(displayName: displayOptions.display)
        } catch {
            throw error
        }
        for plan in DemoWindowPlan.make(count: count, marked: marked) {
            maker.createWindow(title: plan.title, encoding: plan.encoding)
        }
        maker.sync()
        try Console.out("ready: \(count) windows, \(marked) marked, on \(maker.displayName)\n")
        if untilStdinCloses {
            while readLine() != nil {}
        } else {
            while true { sleep(3600) }
        }
        maker.close()
    }
}

/// Titles and encodings for demo windows: the encodings rotate, the markers are spread evenly.
struct DemoWindowPlan {
    let title: String
    let encoding: TitleEncoding

    static func make(count: Int, marked: Int) -> [DemoWindowPlan] {
        let encodings: [TitleEncoding] = [.netWMNameAndWMName, .netWMNameOnly, .wmNameCompoundText, .wmNameString]
        // Markers spread evenly, nudged so that marked windows rotate through every encoding too.
        let stride = marked > 0 ? max(1, count / marked) : 1
        let markedIndices = Set((0 ..< marked).map { k in min(count - 1, k * stride + k % min(stride, encodings.count)) })
        return (0 ..< count).map { index in
            let encoding = encodings[index % encodings.count]
            var title = encoding == .wmNameCompoundText
                ? "Документ \(index) — проект 設計" : "demo window \(index) - notes.txt"
            if markedIndices.contains(index) {
                title = "[SYMPOSIUM:\(UUID().uuidString.lowercased())] " + title
            }
            return DemoWindowPlan(title: title, encoding: encoding)
        }
    }
}
