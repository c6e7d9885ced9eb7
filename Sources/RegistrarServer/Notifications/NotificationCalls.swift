import CSystemd
import Glibc

/// The calls of the Desktop Notifications specification over sd-bus, built with the
/// non-variadic message functions. Every call waits at most `timeout` for its reply.
enum NotificationCalls {
    static let destination = "org.freedesktop.Notifications"
    static let path = "/org/freedesktop/Notifications"
    static let interface = "org.freedesktop.Notifications"
    static let timeoutMicroseconds: UInt64 = 2_000_000

    private static func type(_ character: Character) -> CChar { CChar(bitPattern: character.asciiValue ?? 0) }

    /// `Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)`;
    /// answers the id. It never expires on its own: the agent waits until the user comes.
    static func notify(_ bus: OpaquePointer, appName: String, _ notification: DesktopNotification) -> Result<UInt32, NotifierUnavailable> {
        let reply = call(bus, "Notify") { message in
            var replaces = notification.replaces
            var timeout: Int32 = 0
            var result = appendString(message, appName)
            result = min(result, sd_bus_message_append_basic(message, type("u"), &replaces))
            result = min(result, appendString(message, ""))
            result = min(result, appendString(message, notification.summary))
            result = min(result, appendString(message, notification.body))
            result = min(result, sd_bus_message_open_container(message, type("a"), "s"))
            for action in notification.actions {
                result = min(result, appendString(message, action.key))
                result = min(result, appendString(message, action.label))
            }
            result = min(result, sd_bus_message_close_container(message))
            result = min(result, sd_bus_message_open_container(message, type("a"), "{sv}"))
            result = min(result, sd_bus_message_close_container(message))
            result = min(result, sd_bus_message_append_basic(message, type("i"), &timeout))
            return result
        }
        switch reply {
        case .success(let message):
            defer { sd_bus_message_unref(message) }
            var id: UInt32 = 0
            guard sd_bus_message_read_basic(message, type("u"), &id) >= 0 else {
                return .failure(NotifierUnavailable("the notification server's answer could not be read"))
            }
            return .success(id)
        case .failure(let error):
            return .failure(error)
        }
    }

    static func close(_ bus: OpaquePointer, _ id: UInt32) {
        var id = id
        if case .success(let message) = call(bus, "CloseNotification", { sd_bus_message_append_basic($0, type("u"), &id) }) {
            sd_bus_message_unref(message)
        }
    }

    /// `GetServerInformation`: "name version", or why there is no server.
    static func serverInformation(_ bus: OpaquePointer) -> Result<String, NotifierUnavailable> {
        switch call(bus, "GetServerInformation", { _ in 0 }) {
        case .success(let message):
            defer { sd_bus_message_unref(message) }
            var fields: [String] = []
            for _ in 0 ..< 3 {
                var text: UnsafePointer<CChar>?
                guard sd_bus_message_read_basic(message, type("s"), &text) > 0, let text else { break }
                fields.append(String(cString: text))
            }
            return .success([fields.first, fields.count > 2 ? fields[2] : nil].compactMap { $0 }.joined(separator: " "))
        case .failure(let error):
            return .failure(error)
        }
    }

    /// `GetCapabilities`: what the server does beyond showing text (`actions`, `body-markup`, …).
    static func capabilities(_ bus: OpaquePointer) -> [String] {
        guard case .success(let message) = call(bus, "GetCapabilities", { _ in 0 }) else { return [] }
        defer { sd_bus_message_unref(message) }
        guard sd_bus_message_enter_container(message, type("a"), "s") > 0 else { return [] }
        var names: [String] = []
        var text: UnsafePointer<CChar>?
        while names.count < 64, sd_bus_message_read_basic(message, type("s"), &text) > 0, let current = text {
            names.append(String(cString: current))
        }
        _ = sd_bus_message_exit_container(message)
        return names
    }

    /// `ActionInvoked(id, action_key)` or `NotificationClosed(id, reason)`.
    static func event(from message: OpaquePointer) -> NotificationEvent? {
        guard let member = sd_bus_message_get_member(message).map({ String(cString: $0) }) else { return nil }
        var id: UInt32 = 0
        guard sd_bus_message_read_basic(message, type("u"), &id) > 0 else { return nil }
        switch member {
        case "ActionInvoked":
            var key: UnsafePointer<CChar>?
            guard sd_bus_message_read_basic(message, type("s"), &key) > 0, let key else { return nil }
            return .actionInvoked(id: id, key: String(cString: key))
        case "NotificationClosed":
            return .closed(id: id)
        default:
            return nil
        }
    }

    private static func appendString(_ message: OpaquePointer, _ text: String) -> Int32 {
        text.withCString { sd_bus_message_append_basic(message, type("s"), $0) }
    }

    /// A method call of the notification server; answers its reply (to be unreferenced).
    private static func call(_ bus: OpaquePointer, _ member: String, _ build: (OpaquePointer) -> Int32)
        -> Result<OpaquePointer, NotifierUnavailable> {
        var message: OpaquePointer?
        guard sd_bus_message_new_method_call(bus, &message, destination, path, interface, member) >= 0, let message else {
            return .failure(NotifierUnavailable("cannot build a \(member) call"))
        }
        defer { sd_bus_message_unref(message) }
        guard build(message) >= 0 else { return .failure(NotifierUnavailable("cannot build a \(member) call")) }
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        let result = sd_bus_call(bus, message, timeoutMicroseconds, &error, &reply)
        guard result >= 0, let reply else {
            let why = error.message.map { String(cString: $0) } ?? String(cString: strerror(-result))
            return .failure(NotifierUnavailable(why))
        }
        return .success(reply)
    }
}
