/// Facts about this build that the CLI and the daemon both report (`--version`, `status`).
public enum RegistrarInfo {
    public static let version = "0.3.0"
}
