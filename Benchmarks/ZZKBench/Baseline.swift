import CBaseline
import Foundation

/// The C baseline on its own copy of a vault database, or on a database of the lean schema
/// (see `Benchmarks/CBaseline` and docs/performance.md, "The limit").
final class Baseline {
    let path: String
    private let context: OpaquePointer

    /// Copies the vault's database (and its write-ahead log) to `path` and opens the copy;
    /// `catalog` is every field id of the vault's catalogue.
    init(copying vaultFolder: URL, to path: String, catalog: [String]) throws {
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        let source = vaultFolder.appendingPathComponent("vault.sqlite").path
        for suffix in ["", "-wal"] where fm.fileExists(atPath: source + suffix) {
            try fm.copyItem(atPath: source + suffix, toPath: path + suffix)
        }
        guard let context = zb_open(path) else { throw BenchFailure("the C baseline cannot open \(path)") }
        self.path = path
        self.context = context
        try setCatalog(catalog)
    }

    /// Creates a database of the lean schema at `path` (integer internal keys); only
    /// ``importPersons(creator:leader:purpose:fieldIDs:values:)`` runs on it.
    init(leanAt path: String, catalog: [String]) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard let context = zb_open_lean(path) else { throw BenchFailure("the lean C baseline cannot create \(path)") }
        self.path = path
        self.context = context
        try setCatalog(catalog)
    }

    private func setCatalog(_ catalog: [String]) throws {
        try withCStrings(catalog) { ids in _ = try check(zb_set_catalog(context, ids, Int32(catalog.count)), "catalogue") }
    }

    deinit {
        zb_close(context)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func check<T: BinaryInteger>(_ result: T, _ what: String) throws -> T {
        guard result >= 0 else { throw BenchFailure("C baseline, \(what): \(String(cString: zb_error(context)))") }
        return result
    }

    func setUpSubject(person: String, creator: String, team: String, login: String, cooperant: String, purpose: String, fields: [(String, String)]) throws {
        try withCStrings(fields.map(\.0)) { ids in
            try withCStrings(fields.map(\.1)) { values in
                _ = try check(zb_setup_subject(context, person, creator, team, login, cooperant, purpose, ids, values, Int32(fields.count)), "subject set-up")
            }
        }
    }

    func readAsSpecialist(person: String, login: String, cooperant: String, purpose: String) throws -> Int {
        Int(try check(zb_read_specialist(context, person, login, cooperant, purpose), "specialist read"))
    }

    func readAsCustodian(person: String, login: String, cooperant: String, purpose: String) throws -> Int {
        Int(try check(zb_read_custodian(context, person, login, cooperant, purpose), "custodian read"))
    }

    func importPersons(creator: String, leader: String, purpose: String, fieldIDs: [String], values: [String]) throws -> Int {
        try withCStrings(fieldIDs) { ids in
            try withCStrings(values) { cells in
                Int(try check(zb_import(context, creator, leader, purpose, ids, Int32(fieldIDs.count), cells, values.count / fieldIDs.count), "import"))
            }
        }
    }

    func verifyAudit(origin: String, publicKey: [UInt8]) throws -> (entries: Int, root: [UInt8]) {
        var root = [UInt8](repeating: 0, count: 32)
        let entries = try check(zb_verify_audit(context, origin, publicKey, &root), "audit verify")
        return (entries, root)
    }

    func adoptDataKeys() throws -> Int { Int(try check(zb_adopt_data_keys(context), "adopting data keys")) }

    func rotate() throws -> Int { Int(try check(zb_rotate(context), "rotation")) }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid during the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    var offsets: [Int] = []
    var buffer: [CChar] = []
    buffer.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count + 1 })
    for string in strings {
        offsets.append(buffer.count)
        buffer.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        buffer.append(0)
    }
    return try buffer.withUnsafeBufferPointer { base in
        let pointers: [UnsafePointer<CChar>?] = offsets.map { base.baseAddress! + $0 }
        return try pointers.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }
}

/// A benchmark set-up step that failed.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
