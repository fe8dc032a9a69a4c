import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The documents a person or the IOD reads — an art. 13/14 notice, the records of processing,
/// the monthly access report, the policy matrix — rendered by ``ZZKDocuments``, the same code and
/// bytes as the CLI's. `?format=md|html` (`csv` for the matrix) and `?lang=pl|en`.
struct DocumentRoutes {
    let state: ServerState

    enum Format: String { case md, html, csv }

    func notice(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (format, lang) = try Self.options(request, allowed: [.md, .html])
        let policy = state.vault.policy
        let text = try await context.requireSession().handle.perform { session throws(VaultError) in
            let (notice, controller, source) = try session.notice(id)
            // A delivered notice shows the text handed over, as kept at delivery (in Polish).
            if lang == .pl, notice.deliveredSHA256 != nil, session.user.role != .dpo, let kept = try session.deliveredNoticeText(id) {
                return format == .md ? kept.markdown : kept.html
            }
            return format == .md
                ? NoticeRenderer.markdown(notice, controller: controller, source: source, policy: policy, lang: lang)
                : NoticeRenderer.html(notice, controller: controller, source: source, policy: policy, lang: lang)
        }
        return Self.document(text, format: format)
    }

    func processingRecord(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let (format, lang) = try Self.options(request, allowed: [.md, .html])
        let record = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.processingRecord(lang: lang.rawValue)
        }
        return Self.document(format == .md ? ProcessingRecordRenderer.markdown(record, lang: lang) : ProcessingRecordRenderer.html(record, lang: lang),
                             format: format)
    }

    /// The DPIA draft filled from the vault (art. 35), for the IOD and the administrator.
    func dpia(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let (format, lang) = try Self.options(request, allowed: [.md, .html])
        let facts = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.dpiaFacts(lang: lang.rawValue)
        }
        return Self.document(format == .md ? DPIARenderer.markdown(facts, lang: lang)
                                           : DPIARenderer.html(facts, lang: lang),
                             format: format)
    }

    func auditReport(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let (format, lang) = try Self.options(request, allowed: [.md, .html])
        guard let month = request.uri.queryParameters["month"].map(String.init) else {
            throw Problem.badRequest("add ?month=YYYY-MM")
        }
        let report = try await context.requireSession().handle.perform { session throws(VaultError) in try session.auditReport(month: month) }
        return Self.document(format == .md ? AuditReportRenderer.markdown(report, policy: state.vault.policy, lang: lang)
                                    : AuditReportRenderer.html(report, policy: state.vault.policy, lang: lang),
                             format: format)
    }

    /// Who can see what, under this vault's own policy (`?action=read|write`).
    func policyMatrix(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        _ = try context.requireSession()
        let (format, _) = try Self.options(request, allowed: [.md, .html, .csv])
        let actionText = request.uri.queryParameters["action"].map(String.init) ?? "read"
        guard let action = PolicyAction(rawValue: actionText) else { throw Problem.badRequest("'action' is read or write") }
        let policy = state.vault.policy
        let cells = PolicyAnalysis(policy: policy).matrix(byField: false, action: action)
        let text: String
        switch format {
        case .md: text = PolicyMatrixRenderer.markdown(cells, policy: policy)
        case .html: text = PolicyMatrixRenderer.html(cells, policy: policy)
        case .csv: text = PolicyMatrixRenderer.csv(cells)
        }
        return Self.document(text, format: format)
    }

    /// The art. 15 answer to an access request, as the person receives it (HTML only, like
    /// `zzk dsr export`'s letter); the pages link it from the desk.
    func accessAnswer(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (_, lang) = try Self.options(request, allowed: [.html])
        let policy = state.vault.policy
        let text = try await context.requireSession().handle.perform { session throws(VaultError) in
            AccessReportRenderer.html(try session.accessReport(id), policy: policy, lang: lang)
        }
        return Self.document(text, format: .html)
    }

    /// A recorded consent as the paper to sign or keep (HTML only); the person's page links it.
    func consentForm(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (_, lang) = try Self.options(request, allowed: [.html])
        let policy = state.vault.policy
        let text = try await context.requireSession().handle.perform { session throws(VaultError) in
            let consent = try session.consent(id)
            let registry = try session.listCooperants()
            let names = Dictionary(registry.map { ($0.id, $0.name.isEmpty ? $0.id : $0.name) }, uniquingKeysWith: { first, _ in first })
            return ConsentFormRenderer.html(consent, controller: registry.first { $0.isLeader }, cooperantNames: names,
                                            policy: policy, lang: lang)
        }
        return Self.document(text, format: .html)
    }

    /// The content of the notification of breach `id` to the Prezes UODO (art. 33(3)), as HTML.
    func breachNotification(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (format, lang) = try Self.options(request, allowed: [.html], default: .html)
        let notification = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.breachNotification(id)
        }
        return Self.document(BreachNotificationRenderer.html(notification, lang: lang), format: format)
    }

    /// The essence of a joint-controller arrangement, to give a person (art. 26(2)); custodians.
    func arrangementEssence(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (format, lang) = try Self.options(request, allowed: [.html], default: .html)
        let essence = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.arrangementEssence(id)
        }
        return Self.document(ArrangementEssenceRenderer.html(essence, lang: lang), format: format)
    }

    private static func options(_ request: Request, allowed: [Format], default fallback: Format = .md) throws
        -> (Format, DocumentLanguage)
    {
        let query = request.uri.queryParameters
        let format = query["format"].map { Format(rawValue: String($0)) } ?? fallback
        guard let format, allowed.contains(format) else {
            throw Problem.badRequest("'format' is one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        guard let lang = query["lang"].map({ DocumentLanguage(rawValue: String($0)) }) ?? .pl else {
            throw Problem.badRequest("'lang' is pl or en")
        }
        return (format, lang)
    }

    /// A document answer. HTML documents carry their own inline style sheet (they are printed
    /// and handed over as files), so their policy allows inline style — and still no script.
    private static func document(_ text: String, format: Format) -> Response {
        var headers: HTTPFields = [:]
        switch format {
        case .md: headers[.contentType] = "text/markdown; charset=utf-8"
        case .csv: headers[.contentType] = "text/csv; charset=utf-8"
        case .html:
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
