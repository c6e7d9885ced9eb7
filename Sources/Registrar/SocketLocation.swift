/// Where the daemon of one user and display listens (PROTOCOL.md section 1): per user because
/// the directory is the user's own, per display because one registrar watches one X server.
public enum SocketLocation {
    /// The environment variable that overrides the path for the daemon and every client.
    public static let environmentVariable = "SYMPOSIUM_REGISTRAR_SOCKET"

    /// `--socket`, else `$SYMPOSIUM_REGISTRAR_SOCKET`, else the default for `display`.
    public static func resolve(explicit: String?, display: String?, environment: [String: String], uid: UInt32) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath(display: display ?? environment["DISPLAY"] ?? "", environment: environment, uid: uid)
    }

    /// `$XDG_RUNTIME_DIR/symposium-registrar/<display>.sock`, or under `/tmp/symposium-registrar-<uid>/`.
    public static func defaultPath(display: String, environment: [String: String], uid: UInt32) -> String {
        let directory: String
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            directory = runtime + "/symposium-registrar"
        } else {
            directory = "/tmp/symposium-registrar-\(uid)"
        }
        return directory + "/" + fileName(display: display) + ".sock"
    }

    /// The display with every character outside `[A-Za-z0-9._-]` replaced by `_`.
    public static func fileName(display: String) -> String {
        let name = String(display.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "A" ... "Z", "a" ... "z", "0" ... "9", ".", "_", "-": Character(scalar)
            default: "_"
            }
        })
        return name.isEmpty ? "_" : name
    }
}
