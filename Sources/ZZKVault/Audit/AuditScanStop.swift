/// Why a scan of the audit log's rows (``AuditLog/scanEntries(_:batchSize:_:)``) stopped before
/// the last row — the rows after it cannot be placed in the tree —, or why, with every row read,
/// the table's indexes cannot be trusted.
enum AuditScanStop: Sendable, Equatable {
    /// The entry numbered `expected` is not there; the next row found is numbered `found`.
    case missing(expected: Int64, found: Int64)
    /// The entry numbered `seq` holds a decision that is not `allowed`, `denied` or `failed`.
    case unknownDecision(seq: Int64)
    /// A column of the entry numbered `seq` is stored with another type than the table declares
    /// (e.g. `action` as a BLOB): its bytes still hash as before, but no query matches it, so a
    /// `dsr.restrict` could be hidden from the vault that way. Only an edit of the file does this.
    case wrongType(seq: Int64, column: String)
    /// Every row was read, but these indexes of `audit_entries` disagree with the table (or are not
    /// the vault's): a query through one of them could miss an entry, e.g. a `dsr.restrict`, while
    /// the rows and their hashes are intact (``AuditIndexCheck``). Only an edit of the file does this.
    case indexesDisagree([IndexFinding])

    /// One index that disagrees with the table, and how.
    struct IndexFinding: Sendable, Equatable {
        var index: String
        var problem: AuditIndexCheck.Problem
    }
}
