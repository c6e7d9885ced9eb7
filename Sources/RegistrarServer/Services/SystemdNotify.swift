import CSystemd

/// One message to the service manager (sd_notify; nothing happens outside systemd, where
/// `NOTIFY_SOCKET` is unset). Public for the one message sent before a daemon exists: a unit
/// started while another daemon serves its socket says it is ready and why it leaves, so that
/// systemd sees a clean exit, not a unit that failed to start.
public enum SystemdNotify {
    public static func send(_ state: String) { _ = sd_notify(0, state) }
}
