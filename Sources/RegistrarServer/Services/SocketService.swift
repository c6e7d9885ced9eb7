import RegistrarProtocol
import ServiceLifecycle

/// The socket server as a service. Shut down first of all: it stops accepting, has the core
/// answer what is pending, and gives clients a moment to read. A listener that ends any other
/// way ends the daemon with an error, rather than leaving one that holds its lock and answers
/// nobody.
struct SocketService<C: Clock>: Service where C.Duration == Duration {
    let server: SocketServer<C>
    let listener: SocketServer<C>.Listener

    func run() async throws {
        do {
            try await withGracefulShutdownHandler {
                try await server.serve(listener)
            } onGracefulShutdown: {
                listener.channel.close(promise: nil)
            }
        } catch {
            throw RegistrarError(.serviceFailed, "the socket listener on \(server.path) failed: \(error)")
        }
        guard Task.isShuttingDownGracefully else {
            throw RegistrarError(.serviceFailed, "the socket listener on \(server.path) stopped")
        }
    }
}
