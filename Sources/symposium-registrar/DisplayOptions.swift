import ArgumentParser

/// The options every command that talks to X shares.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "The X display to use (default: $DISPLAY).")
    var display: String?
}
