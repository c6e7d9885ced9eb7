import NIOCore

/// Cuts a byte stream into lines at `\n` only (PROTOCOL.md section 2). NIO's `splitLines` also
/// breaks at CR, VT and FF, which would split a line the protocol counts as one; a CR before the
/// `\n` is trimmed later with the rest of the white space.
public struct NewlineFramer: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// Bytes already searched for a line break, counted from the reader index, so a long line
    /// arriving in pieces is searched once.
    private var searched = 0
    /// With a limit, a longer line is dropped as it arrives instead of being kept whole.
    private let skipBeyond: Int?
    private var skipping = false
    /// This connection's share of the budget for unfinished lines, when there is one.
    private let share: InputBudget.Share?

    /// `skipBeyond`: lines longer than this are dropped, and reading goes on with the next one
    /// (for a bus whose traffic is mostly not for us); without it, the caller's buffer limit
    /// decides what an over-long line does.
    public init(skipBeyond: Int? = nil) {
        self.skipBeyond = skipBeyond
        share = nil
    }

    /// Unfinished lines count against `budget`; passing it ends the connection's reading with
    /// `InputBudgetSpent`.
    public init(budget: InputBudget) {
        skipBeyond = nil
        share = InputBudget.Share(budget)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        while true {
            let view = buffer.readableBytesView
            guard let newline = view.dropFirst(searched).firstIndex(of: UInt8(ascii: "\n")) else {
                searched = view.count
                if let share, !share.hold(searched) { throw InputBudgetSpent() }
                if let limit = skipBeyond, searched > limit {
                    skipping = true
                    buffer.moveReaderIndex(forwardBy: searched)
                    searched = 0
                }
                return nil
            }
            searched = 0
            _ = share?.hold(0)
            let line = buffer.readSlice(length: newline - view.startIndex)
            buffer.moveReaderIndex(forwardBy: 1)
            guard skipping else { return line }
            skipping = false
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        if let line = try decode(buffer: &buffer) { return line }
        // The last line may end without a break.
        guard seenEOF, buffer.readableBytes > 0, !skipping else { return nil }
        searched = 0
        return buffer.readSlice(length: buffer.readableBytes)
    }
}
