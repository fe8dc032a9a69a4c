import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Every read asks the signed log whether the person is restricted or an objection upheld; those
/// questions must not cost more as the person's own read entries pile up (issue 19).
@Suite("Rights entries by person")
struct RightsIndexTests {
    @Test("The restriction and objection checks of every read search only data-subject-request entries, not the person's whole history")
    func rightsChecksUseThePartialIndex() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson([("identity.first_name", "Józefa"), ("identity.last_name", "Żółć")],
                                          purpose: "case_assessment")
        for _ in 0..<20 { _ = try worker.showPerson(person, purpose: "case_assessment") }
        try fixture.rawDatabase().read { db in
            for query in [RestrictionStore.lastChange, ObjectionStore.upheld] {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: [person])
                    .map { $0["detail"] as String }.joined(separator: "; ")
                #expect(plan.contains("USING INDEX audit_rights_by_person"), "\(plan)")
            }
            let indexed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM audit_entries INDEXED BY audit_rights_by_person
                WHERE person_id = ? AND \(AuditLog.rightsEntries)
                """, arguments: [person])
            #expect(indexed == 0, "twenty reads of the person add nothing to the index")
        }
    }
}
