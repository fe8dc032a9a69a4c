import Foundation
import GRDB

extension Session {
    /// The controller's details for a staff notice of `kind`: every staff member may print the
    /// notice they are owed, or hand one to a cooperant's contact. Audited as `notice.staff`.
    public func staffNotice(_ kind: StaffNoticeKind) throws(VaultError) -> StaffNoticeFacts {
        try vault.write { db, audit in
            let record = try processingRecord(db, lang: "pl")
            try audit.append(AuditDraft(actor: user.login, action: "notice.staff", detail: "kind=\(kind.rawValue)"),
                             in: db)
            return StaffNoticeFacts(kind: kind, controller: record.controller,
                                    controllerAddress: record.controllerAddress,
                                    controllerContact: record.controllerContact, dpoContact: record.dpoContact)
        }
    }
}
