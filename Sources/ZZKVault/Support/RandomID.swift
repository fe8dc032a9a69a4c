import GRDB
import SodiumKit

/// Random, unguessable record ids such as `P-7K3M9Q2X`, in Crockford base32 (no I, L, O, U),
/// so they can be read aloud and typed without confusion, and reveal nothing about the record.
enum RandomID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// Whether `text` has the shape of an id made by ``IDSource/make(prefix:)``. Anything else is
    /// refused before it can reach the audit log or an error message: a mistyped "id" may be
    /// a name or a PESEL.
    static func isValid(_ text: String, prefix: String) -> Bool {
        let symbols = Set(alphabet)
        return text.count == prefix.count + 9 && text.hasPrefix(prefix + "-") && text.dropFirst(prefix.count + 1).allSatisfy { symbols.contains($0) }
    }

    /// Runs `insert` with new ids from `ids` until one does not collide with an existing primary
    /// key, and returns it. 40-bit ids do collide at county scale — among 10^6 persons, or the
    /// notices for them, a repeat is more likely than not (the birthday bound; `make bench-large`
    /// hit one) — so the tables that grow with the population insert through this. A collision
    /// aborts only the failed statement (SQLite's default ABORT), not the transaction.
    /// `collision` is the constraint the id breaks on a repeat: the primary key, or for a table
    /// keyed by an internal integer (`persons`) the id's UNIQUE constraint, its only one.
    static func inserting(
        prefix: String, from ids: IDSource, collision: ResultCode = .SQLITE_CONSTRAINT_PRIMARYKEY,
        _ insert: (String) throws -> Void
    ) throws -> String {
        for _ in 0..<16 {
            let id = ids.make(prefix: prefix)
            do {
                try insert(id)
                return id
            } catch let error as DatabaseError where error.extendedResultCode == collision {
                continue
            }
        }
        throw VaultError.resourceExhausted(detail: "no free \(prefix)- id after 16 random draws; the id space is nearly full")
    }

    /// 40 random bits from one 5-byte draw: one call into the CSPRNG instead of eight.
    static func randomBits() -> UInt64 {
        Random.bytes(5).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// `prefix`, a dash and the low 40 bits of `bits` as 8 symbols, 5 bits each (32 symbols, so
    /// every symbol is equally likely when the bits are).
    static func format(prefix: String, bits: UInt64) -> String {
        let symbols = (0..<8).map { alphabet[Int((bits >> (35 - 5 * UInt64($0))) & 31)] }
        return prefix + "-" + String(symbols)
    }
}
