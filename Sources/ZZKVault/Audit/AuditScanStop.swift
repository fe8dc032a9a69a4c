/// Why a scan of the audit log's rows (``AuditLog/scanEntries(_:batchSize:_:)``) stopped before
/// the last row: the rows after it cannot be placed in the tree.
enum AuditScanStop: Sendable, Equatable {
    /// The entry numbered `expected` is not there; the next row found is numbered `found`.
    case missing(expected: Int64, found: Int64)
    /// The entry numbered `seq` holds a decision that is not `allowed`, `denied` or `failed`.
    case unknownDecision(seq: Int64)
}
