import CX11
import Glibc

/// The atoms this module speaks, interned in one round trip when a connection opens.
struct Atoms {
    let netClientList: Atom
    let netSupportingWMCheck: Atom
    let netWMName: Atom
    let netActiveWindow: Atom
    let utf8String: Atom
    let compoundText: Atom
    let string: Atom
    let window: Atom
    let wmName: Atom
    let wmState: Atom
    let netSupported: Atom
    /// `_SYMPOSIUM_TASKSPACE`: the stamp a registered window carries (`WindowRecord.stamp`).
    let taskspaceStamp: Atom

    private static let names = [
        "_NET_CLIENT_LIST", "_NET_SUPPORTING_WM_CHECK", "_NET_WM_NAME", "_NET_ACTIVE_WINDOW",
        "UTF8_STRING", "COMPOUND_TEXT", "STRING", "WINDOW", "WM_NAME", "WM_STATE",
        "_NET_SUPPORTED", "_SYMPOSIUM_TASKSPACE",
    ]

    init(display: OpaquePointer) {
        var cNames = Self.names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        var atoms = [Atom](repeating: 0, count: Self.names.count)
        _ = XInternAtoms(display, &cNames, Int32(cNames.count), 0, &atoms)
        netClientList = atoms[0]
        netSupportingWMCheck = atoms[1]
        netWMName = atoms[2]
        netActiveWindow = atoms[3]
        utf8String = atoms[4]
        compoundText = atoms[5]
        string = atoms[6]
        window = atoms[7]
        wmName = atoms[8]
        wmState = atoms[9]
        netSupported = atoms[10]
        taskspaceStamp = atoms[11]
    }
}
