import Glibc
import NIOCore

/// Linux's `struct ucred` (pid, uid, gid), which Swift's Glibc module leaves out: the layout
/// `getsockopt(SO_PEERCRED)` fills in. Both ends of the registrar's Unix sockets ask it before a
/// byte goes over: a socket path in a shared directory can be taken by anyone, and the kernel's
/// word on who holds the other end is the only one that cannot be forged.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32 = 0
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0

    /// The credentials of the process at the other end of `channel` (as of its `connect` or `listen`).
    public static func of(_ channel: any Channel) -> EventLoopFuture<PeerCredentials> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
        }
        return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
    }
}
