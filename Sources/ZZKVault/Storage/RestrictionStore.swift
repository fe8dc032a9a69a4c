import GRDB

/// Restrictions of processing (art. 18). Whether a person is restricted is decided by the row
/// in `restrictions` or by the signed audit log: the latest `dsr.restrict`/`dsr.lift` entry of
/// the person. So whoever can write the database file cannot delete a restriction to get the
/// keys back; a row inserted without an entry only restricts more (fail closed).
enum RestrictionStore {
    /// The person's last allowed `dsr.restrict` or `dsr.lift`, through `audit_rights_by_person`.
    static let lastChange = """
        SELECT action FROM audit_entries WHERE person_id = ? AND \(AuditLog.rightsEntries)
        AND action IN ('dsr.restrict', 'dsr.lift') AND decision = 'allowed' ORDER BY seq DESC LIMIT 1
        """

    static func isRestricted(_ db: Database, person: String) throws -> Bool {
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM restrictions WHERE person_id = ?)"), arguments: [person]) == true {
            return true
        }
        let last = try String.fetchOne(db.cachedStatement(sql: lastChange), arguments: [person])
        return last == "dsr.restrict"
    }
}
