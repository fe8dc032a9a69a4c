/// Where the art. 13/14 notices and the data-subject requests stand on one day.
///
/// Counts only: the report is logged and audited, so it names no person.
public struct DeadlineReport: Sendable, Equatable {
    /// The day the deadlines were measured against, `YYYY-MM-DD`.
    public var day: String
    /// Notices neither delivered nor exempted after their due day.
    public var overdueNotices: Int
    /// Notices due within the next 7 days and not yet settled.
    public var noticesDueSoon: Int
    /// Open requests past their due day (art. 12(3): one month, or three when extended).
    public var overdueRequests: Int
    /// Open requests due within the next 7 days.
    public var requestsDueSoon: Int

    /// Whether anything needs the OPS's attention.
    public var needsAttention: Bool { overdueNotices + noticesDueSoon + overdueRequests + requestsDueSoon > 0 }

    /// The audit entry's detail.
    var detail: String {
        "day=\(day) notices_overdue=\(overdueNotices) notices_due_soon=\(noticesDueSoon) "
            + "requests_overdue=\(overdueRequests) requests_due_soon=\(requestsDueSoon)"
    }
}
