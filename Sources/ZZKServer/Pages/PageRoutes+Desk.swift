import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The desk of notices and requests: what the OPS owes people (art. 13/14 notices to hand
/// over, data-subject requests and their deadlines), break-glass reads for the IOD, documents.
extension PageRoutes {
    func desk(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let t = text(request)
            let role = session.user.role
            let today = CalendarDate.today(state.now)
            let (notices, requests, events, registry) = try await session.handle.perform {
                session throws(VaultError) -> ([Notice], [DataSubjectRequest], [BreakGlassEvent], [Cooperant]) in
                (
                    try session.notices().filter { !$0.isSettled },
                    [.socialWorker, .dpo].contains(role) ? try session.requests() : [],
                    role == .dpo ? try session.breakGlassEvents(pendingOnly: true) : [],
                    try session.listCooperants()
                )
            }
            // Controllers by their names in the registry (the DPO may not open them: then the id).
            let names = Dictionary(registry.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let methods = Notice.Method.allCases.map {
                ["value": $0.rawValue, "label": t["method.\($0.rawValue)"] ?? $0.rawValue]
            }
            let noticeRows: [[String: Any]] = notices.sorted { $0.due < $1.due }.map { notice in
                let overdue = notice.isOverdue(on: today)
                return [
                    "id": notice.id, "personID": notice.personID, "cooperantID": names[notice.cooperantID].flatMap { $0.isEmpty ? nil : $0 } ?? notice.cooperantID,
                    "due": notice.due,
                    "kindLabel": t["kind.\(notice.kind.rawValue)"]!, "overdue": overdue,
                    "stateLabel": overdue ? t["overdue"]! : t["pending"]!, "csrf": session.csrfToken,
                    "canDeliver": [.socialWorker, .networkWorker].contains(role), "methods": methods,
                ]
            }
            let requestRows: [[String: Any]] = requests.map { request in
                let overdue = request.isOverdue(on: today)
                return [
                    "id": request.id, "personID": request.personID, "kindLabel": t["dsr.\(request.kind.rawValue)"]!,
                    "received": request.received, "due": request.due, "extended": request.extended, "overdue": overdue,
                    "answer": request.kind == .access && role == .socialWorker,
                    "stateLabel": request.closedOn != nil ? t["closed"]! : overdue ? t["overdue"]! : t["open"]!,
                ]
            }
            let overdueNotices = noticeRows.filter { $0["overdue"] as? Bool == true }.count
            let overdueRequests = requestRows.filter { $0["overdue"] as? Bool == true }.count
            var values: [String: Any] = [
                "notices": noticeRows, "requests": requestRows, "month": String(today.prefix(7)),
                "canDraftDPIA": [.dpo, .admin].contains(session.user.role),
                "noticesSummary": PageText.count(
                    notices.count, language, one: "klauzula do przekazania", few: "klauzule do przekazania",
                    many: "klauzul do przekazania", english: ("notice to hand over", "notices to hand over"))
                    + ", "
                    + PageText.count(
                        overdueNotices, language, one: "po terminie", few: "po terminie", many: "po terminie",
                        english: ("overdue", "overdue")),
                "requestsSummary": PageText.count(
                    requests.count, language, one: "wniosek", few: "wnioski", many: "wniosków",
                    english: ("request", "requests"))
                    + ", "
                    + PageText.count(
                        overdueRequests, language, one: "po terminie", few: "po terminie", many: "po terminie",
                        english: ("overdue", "overdue")),
            ]
            if [.socialWorker, .networkWorker].contains(role) {
                values["teamRequests"] = try await pendingTeamRequests(session, language: language)
            }
            if role == .networkWorker {
                let pending = try await session.handle.perform { session throws(VaultError) in try session.teamNotices(pendingOnly: true) }
                values["teamNotices"] = [
                    "items": pending.map { notice -> [String: Any] in
                        [
                            "teamID": notice.teamID, "csrf": session.csrfToken,
                            "purpose": state.vault.purposes.purpose(notice.purpose).map { $0.label.text(language) } ?? notice.purpose,
                            "opened": Timestamp.date(notice.openedAt).map(PageRenderer.warsawTime) ?? notice.openedAt,
                        ]
                    },
                ]
            }
            if role == .socialWorker {
                values["worker"] = true
                values["accessRequests"] = try await pendingAccessRequests(session, language: language)
            }
            if role == .dpo {
                values["reviews"] = [
                    "events": events.map { event -> [String: Any] in
                        var row: [String: Any] = [
                            "entry": event.entry, "actor": event.actor, "personID": event.personID,
                            "time": Timestamp.date(event.time).map(PageRenderer.warsawTime) ?? event.time,
                            "csrf": session.csrfToken,
                            "outcomes": BreakGlassEvent.Outcome.allCases.map {
                                ["value": $0.rawValue, "label": t["outcome.\($0.rawValue)"]!]
                            },
                        ]
                        row["reason"] = event.reason
                        return row
                    },
                    "breakGlassSummary": PageText.count(
                        events.count, language, one: "odczyt do przeglądu", few: "odczyty do przeglądu",
                        many: "odczytów do przeglądu", english: ("read to review", "reads to review")),
                ]
            }
            return renderer.page(
                "desk", title: t["deskTitle"]!, request: request, user: PageUser(session: session), values: values,
                message: Self.done(request, t))
        }
    }

    /// The IOD's review of one break-glass read: justified or not, with a note sealed to the IOD.
    func reviewBreakGlass(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            guard let entry = Int64(try context.parameters.require("entry")) else {
                throw Problem.badRequest("the break-glass read is named by its audit entry number")
            }
            let form = try await PageForm.fields(from: request, session: session)
            guard let outcome = BreakGlassEvent.Outcome(rawValue: form.first("outcome") ?? "") else {
                throw Problem.badRequest("choose the assessment: access justified or not justified")
            }
            let note = form.pairs.first { $0.name == "note" }?.value ?? ""
            try await session.handle.perform { session throws(VaultError) in
                try session.reviewBreakGlass(entry: entry, outcome: outcome, note: note)
            }
            return PageRenderer.redirect("/desk?done=reviewed")
        }
    }

    /// Marks a notice delivered today, by the method chosen; keys held back for it are released.
    func deliverNotice(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let method = Notice.Method(rawValue: form.first("method") ?? "") ?? .inPerson
            let today = CalendarDate.today(state.now)
            try await session.handle.perform { session throws(VaultError) in
                try session.deliverNotice(id, method: method, on: today)
            }
            return PageRenderer.redirect("/desk?done=delivered")
        }
    }
}
