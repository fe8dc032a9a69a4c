import Foundation
import GRDB

extension Vault {
    /// Measures, as of `now`, the notices and data-subject requests that are overdue or due
    /// within 7 days, and records the result as a `deadlines.review` audit entry when anything
    /// needs attention. The server runs it once a day, so the IOD's log shows on which day each
    /// deadline was known to be missed, whether or not anyone looked. It needs no key.
    @discardableResult
    public func reviewDeadlines(now: Date? = nil) throws(VaultError) -> DeadlineReport {
        let today = CalendarDate.today(now ?? clock.now)
        let soon = CalendarDate.adding(days: 7, to: today)!
        return try write { db, audit in
            let notices = try NoticeStore.openDeadlines(db, today: today, soon: soon)
            let requests = try DataSubjectRequestStore.openDeadlines(db, today: today, soon: soon)
            let report = DeadlineReport(
                day: today, overdueNotices: notices.overdue, noticesDueSoon: notices.dueSoon,
                overdueRequests: requests.overdue, requestsDueSoon: requests.dueSoon)
            if report.needsAttention {
                try audit.append(AuditDraft(actor: "-", action: "deadlines.review", detail: report.detail), in: db)
            }
            return report
        }
    }
}
