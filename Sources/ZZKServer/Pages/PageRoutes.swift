import Foundation
import HTTPTypes
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The web pages: server-rendered, usable without script, in Polish with an English switch.
/// Each handler finds the session, calls the library and renders; the policy decides everything.
struct PageRoutes {
    let state: ServerState
    let renderer: PageRenderer
    let sessions: SessionRoutes
    let enrolments: EnrolmentRoutes
    let secondFactors: SecondFactorRoutes

    struct LoginForm: Decodable {
        var login: String
        var passphrase: String
        var totp: String?
    }

    struct TokenForm: Decodable {
        var csrf: String?
    }

    struct ReadForm: Decodable {
        var csrf: String?
        var purpose: String
        var field: String?
        /// `1` from the emergency form only, which also carries `emergency` (reviewed by the IOD).
        var break_glass: String?
        var emergency: String?
    }

    func text(_ request: Request) -> [String: String] { PageText.strings(PageRenderer.language(request)) }

    /// The caller's session, or the answer to give instead: the login page, or the page saying it ended.
    private func session(_ request: Request) async -> Result<WorkingSession, PageExit> {
        await Self.pageSession(request, state: state, renderer: renderer).map(\.session)
    }

    /// The session of a page request and its id, or the page to answer instead: the login page
    /// (no or unknown cookie), the "session ended" page (after recording the end), or a refusal.
    static func pageSession(_ request: Request, state: ServerState, renderer: PageRenderer) async
        -> Result<(id: String, session: WorkingSession), PageExit>
    {
        guard let id = request.cookies[ServerState.cookieName]?.value, !id.isEmpty, id.utf8.count <= 64 else {
            return .failure(PageExit(response: PageRenderer.redirect("/login")))
        }
        switch await state.registry.lookup(id, now: state.now) {
        case .unknown:
            return .failure(PageExit(response: PageRenderer.redirect("/login")))
        case .ended(let session, let end):
            await state.end(session, end)
            return .failure(PageExit(response: PageRenderer.redirect("/ended", cookie: ServerState.clearedCookie)))
        case .active(let session):
            if let refusal = refusal(request, session: session, renderer: renderer) {
                return .failure(PageExit(response: refusal))
            }
            return .success((id, session))
        }
    }

    /// What a live session may not do on the pages: anything before the second factor the vault
    /// requires is set up (as the API refuses it), and a read (audited in the user's name)
    /// asked by another site's page, which the browser tells by `Sec-Fetch-Site`.
    static func refusal(_ request: Request, session: WorkingSession, renderer: PageRenderer) -> Response? {
        let t = PageText.strings(PageRenderer.language(request))
        let path = request.uri.path
        if session.secondFactorPending, !path.hasPrefix("/second-factor"), path != "/logout" {
            return renderer.page(
                "problem", title: t["secondFactorTitle"]!, request: request, user: nil, status: .forbidden,
                error: t["secondFactorRequired"]!)
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            return renderer.page(
                "problem", title: t["forbiddenTitle"]!, request: request, user: nil, status: .forbidden,
                error: t["otherSite"]!)
        }
        return nil
    }

    struct PageExit: Error { let response: Response }

    func withSession(_ request: Request, _ body: (WorkingSession) async throws -> Response) async throws -> Response {
        switch await session(request) {
        case .failure(let exit): return exit.response
        case .success(let session):
            return try await pageErrors(request, user: PageUser(session: session)) { try await body(session) }
        }
    }

    /// Renders a vault error as a page (status from the problem mapping, remedy in words).
    private func pageErrors(_ request: Request, user: PageUser?, _ body: () async throws -> Response) async throws
        -> Response
    {
        let t = text(request)
        do {
            return try await body()
        } catch let error as VaultError {
            let problem = Problem(error)
            return renderer.page(
                "problem", title: t["errorTitle"]!, request: request, user: user, status: problem.status,
                error: error.message(naming: \.description), remedy: error.remedyHere?.advice)
        } catch let problem as Problem where problem.code == "csrf" {
            return renderer.page(
                "problem", title: t["forbiddenTitle"]!, request: request, user: user, status: .forbidden,
                error: t["csrfRefused"]!)
        } catch let problem as Problem {
            return renderer.page(
                "problem", title: t["errorTitle"]!, request: request, user: user, status: problem.status,
                error: problem.detail)
        }
    }

    // MARK: Everyone

    func root(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        switch await session(request) {
        case .success: PageRenderer.redirect("/home")
        case .failure: PageRenderer.redirect("/login")
        }
    }

    func loginPage(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        renderer.page(
            "login", title: text(request)["loginTitle"]!, request: request, user: nil,
            message: Self.done(request, text(request)))
    }

    /// The login form: the same back-off, audit and second factor as the API's login.
    func login(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let t = text(request)
        // A login form posted from another site is refused (login CSRF).
        if !Self.fromThisSite(request) {
            return renderer.page(
                "login", title: t["loginTitle"]!, request: request, user: nil, status: .forbidden,
                error: t["csrfRefused"]!)
        }
        let form = try await PageForm.decode(LoginForm.self, from: request)
        let body = SessionRoutes.LoginBody(
            login: form.login, passphrase: form.passphrase,
            totp: form.totp.flatMap { $0.isEmpty ? nil : $0 })
        do {
            let (id, _) = try await sessions.open(body, address: context.remoteAddress)
            return PageRenderer.redirect("/home", cookie: ServerState.sessionCookie(id))
        } catch {
            // A failed login, or an account that may not work now, in the page's language.
            guard let problem = (error as? Problem) ?? (error as? VaultError).map(Problem.init) else { throw error }
            // What failed inside the server (an integrity failure, a file error) is for the
            // administrator and the IOD, not for whoever is at the login form.
            if problem.status.code >= 500 {
                state.logger.error("login failed inside the server", metadata: ["code": "\(problem.code)"])
            }
            let message = problem.code == "login-failed" ? t["loginFailed"]!
                : problem.status.code >= 500 ? t["loginServerError"]! : t["problem.\(problem.code)"] ?? problem.detail
            return renderer.page(
                "login", title: t["loginTitle"]!, request: request, user: nil, status: problem.status,
                values: ["login": form.login], error: message)
        }
    }

    /// Whether a form comes from this server's own pages, by what browsers say: `Sec-Fetch-Site`
    /// (`same-origin`, or `none` when typed), else an `Origin` naming this server. With our
    /// `no-referrer` policy a browser sends `Origin: null` on same-site posts, which says nothing.
    static func fromThisSite(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        guard let authority = request.head.authority else { return false }
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    func logout(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.decode(TokenForm.self, from: request)
            try await PageForm.checkToken(form.csrf, session: session)
            if let id = request.cookies[ServerState.cookieName]?.value, let ended = await state.registry.remove(id) {
                await state.end(ended, .logout)
            }
            return PageRenderer.redirect("/login", cookie: ServerState.clearedCookie)
        }
    }

    func ended(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        renderer.page("ended", title: text(request)["endedTitle"]!, request: request, user: nil)
    }

    func home(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let user = PageUser(session: session)
            let tiles: [[String: String]] = user.links(PageRenderer.language(request)).dropFirst().map { link in
                let key =
                    ["/teams": "teamsText", "/persons": "personsText", "/desk": "deskText", "/users": "usersText"][
                        link.href] ?? "auditText"
                return ["href": link.href, "label": link.label, "text": t[key]!]
            }
            return renderer.page(
                "home", title: t["homeTitle"]!, request: request, user: user, values: ["tiles": tiles],
                message: Self.done(request, t))
        }
    }

    // MARK: Teams and persons

    func teams(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let t = text(request)
            let login = session.user.login
            let teams = try await session.handle.perform { session throws(VaultError) in try session.teams() }
            let purposes = state.vault.purposes
            let rows: [[String: Any]] = teams.filter { $0.closedAt == nil }.map { team in
                let covered = Set(team.grants.filter { $0.login == login }.map(\.personID)).union([team.personID])
                    .sorted()
                return [
                    "id": team.id, "personID": team.personID, "persons": covered,
                    "purposeLabel": purposes.purpose(team.purpose).map { $0.label.text(language) }
                        ?? team.purpose,
                    "opened": PageRenderer.warsawTime(team.openedAt),
                    "members": team.members.filter { !$0.removed }.map { member -> [String: Any] in
                        var row: [String: Any] = [
                            "login": member.login, "until": member.until,
                            "roleLabel": Role(rawValue: member.role).map { PageText.role($0, language) } ?? member.role,
                        ]
                        row["cooperantID"] = member.cooperantID
                        return row
                    },
                ]
            }
            return renderer.page(
                "teams", title: t["teamsTitle"]!, request: request, user: PageUser(session: session),
                values: ["teams": rows])
        }
    }

    /// The purposes this user reads for: a specialist's are those of their open teams; OPS staff may choose any.
    func purposes(_ session: WorkingSession, language: DocumentLanguage, selected: String?) async throws -> [[String:
        Any]]
    {
        var ids = state.vault.purposes.purposes.map(\.id)
        if session.user.role == .specialist {
            let mine = Set(
                try await session.handle.perform { session throws(VaultError) in try session.teams() }
                    .filter { $0.closedAt == nil }.map(\.purpose))
            ids = ids.filter(mine.contains)
        }
        return ids.compactMap { state.vault.purposes.purpose($0) }.map { purpose in
            [
                "id": purpose.id, "label": purpose.label.text(language),
                "selected": purpose.id == selected,
            ]
        }
    }

    func person(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            return try await personPage(
                request, session: session, personID: id, record: nil, refusal: nil, purpose: nil)
        }
    }

    func personPage(
        _ request: Request, session: WorkingSession, personID: String, record: Person?, refusal: String?,
        purpose: String?,
        field: String? = nil
    ) async throws -> Response {
        let language = PageRenderer.language(request)
        let t = text(request)
        let catalog = state.vault.catalog
        var values: [String: Any] = [
            "personID": personID, "csrf": session.csrfToken,
            "purposes": try await purposes(session, language: language, selected: purpose),
            "otherFields": catalog.fields.filter { record?.fields[$0.id] == nil }.map { field in
                ["id": field.id, "label": field.label.text(language)]
            },
        ]
        // Memberships only to a reader the policy lets read them for this purpose.
        let mayReadMembership = try await session.handle.perform { session throws(VaultError) in
            session.decide(fieldID: Session.membershipField, purpose: purpose ?? "").allowed
        }
        if let record {
            let categories = catalog.categories.compactMap { category -> [String: Any]? in
                let fields = catalog.fields.filter { $0.category == category.id }.compactMap {
                    field -> [String: String]? in
                    record.fields[field.id].map {
                        [
                            "id": field.id, "label": field.label.text(language),
                            "value": field.display($0, english: language == .en),
                        ]
                    }
                }
                guard !fields.isEmpty else { return nil }
                return [
                    "id": category.id, "label": category.label.text(language),
                    "fields": fields,
                ]
            }
            values["record"] = [
                "categories": categories,
                "households": record.households.map {
                    ["id": $0.householdID, "relation": Self.relationLabel($0.relation, language)]
                },
                "hasHouseholds": !record.households.isEmpty && mayReadMembership,
            ]
        }
        if let refusal {
            var section: [String: Any] = ["reason": refusal]
            if session.user.role == .specialist, let field {
                section["requestable"] = true
                section["field"] = field
            }
            values["refusal"] = section
        }
        if let purpose { values["asked"] = purpose }
        // The social worker, who holds the vault key and the policy's break-glass rule
        // (child protection); the policy still decides every field.
        values["canBreakGlass"] = session.user.role == .socialWorker
        if session.user.role == .socialWorker {
            values["worker"] = true
            values["teamPurposes"] = try await purposes(session, language: language, selected: nil)
            values["provisions"] = state.vault.purposes.purposes.flatMap { purpose in
                purpose.statutes.map { ["purpose": purpose.label.text(language), "citation": $0] }
            }
            // The registry is opened once: for the consents' cooperants and the request form.
            let (list, registry) = try await session.handle.perform { session throws(VaultError) in
                (try session.consents(person: personID), try session.listCooperants())
            }
            values["consents"] = consents(list, registry: registry, session: session, personID: personID, language: language)
            values["relations"] = Self.relations(language)
            values["requestCooperants"] = registry.filter { $0.withdrawnOn == nil && !$0.isLeader }.map {
                ["id": $0.id, "name": $0.name]
            }
        }
        return renderer.page(
            "person", title: t["personTitle"]!, request: request, user: PageUser(session: session),
            status: refusal == nil ? .ok : .forbidden, values: values, message: Self.done(request, t))
    }

    /// The confirmation a redirect after a form asked for (`?done=consent`), in words.
    static func done(_ request: Request, _ t: [String: String]) -> String? {
        request.uri.queryParameters["done"].flatMap { t["done.\($0)"] }
    }

    /// Why a field was not shown, in plain words with the policy's labels (never its codes).
    private func refusal(field id: String, purpose: String, language: DocumentLanguage) -> String? {
        let catalog = state.vault.catalog
        guard let field = catalog.field(id), let category = catalog.category(field.category),
            let purpose = state.vault.purposes.purpose(purpose)
        else { return nil }
        return language == .en
            ? "The field “\(field.label.text(language))” belongs to the category “\(category.label.text(language))”, which "
                + "neither the person’s consent nor a statute opens to you for the purpose “\(purpose.label.text(language))”. "
                + "The refusal was recorded in the audit log."
            : "Pole „\(field.label.text(language))” należy do kategorii „\(category.label.text(language))”, której ani zgoda "
                + "osoby, ani przepis nie udostępnia Ci w celu „\(purpose.label.text(language))”. "
                + "Odmowa została zapisana w dzienniku audytu."
    }

    /// A read for a chosen purpose (all granted fields), or of one chosen field: audited like the API's.
    func read(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let form = try await PageForm.decode(ReadForm.self, from: request)
            try await PageForm.checkToken(form.csrf, session: session)
            let fields = form.field.flatMap { $0.isEmpty ? nil : [$0] }
            // Only the emergency form makes a break-glass read; stray text in any other form is ignored.
            let emergency = form.break_glass == "1" ? form.emergency.map(Self.normalised) ?? "" : nil
            if emergency?.isEmpty == true { throw Problem.badRequest("describe the emergency to read under emergency access") }
            do {
                let person = try await session.handle.perform { session throws(VaultError) in
                    try session.showPerson(id, fields: fields, purpose: form.purpose, breakGlass: emergency)
                }
                return try await personPage(
                    request, session: session, personID: id, record: person, refusal: nil, purpose: form.purpose)
            } catch let error as VaultError {
                guard case .accessDenied(_, _, let reason, _) = error else { throw error }
                let words = fields.flatMap {
                    refusal(field: $0.first!, purpose: form.purpose, language: PageRenderer.language(request))
                }
                return try await personPage(
                    request, session: session, personID: id, record: nil, refusal: words ?? reason,
                    purpose: form.purpose, field: fields?.first)
            }
        }
    }

    // MARK: The IOD's desk

    /// Log verification and the entries, newest first, 50 a page, with filters (no personal data
    /// in the URL: ids, logins, action codes and dates only).
    func audit(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let t = text(request)
            let parameters = request.uri.queryParameters
            func value(_ name: String) -> String? {
                parameters[Substring(name)].map(String.init).flatMap {
                    $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0
                }
            }
            if let person = value("person"), !RecordID.isPerson(person) {
                throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X")
            }
            let page = min(max(0, Int(value("page") ?? "0") ?? 0), Self.lastPage)
            var query = AuditQuery(
                personID: value("person"), actor: value("actor"), limit: (page + 1) * Self.pageSize + 1)
            query.action = value("action")
            query.decision = value("decision").flatMap(AuditDecision.init(rawValue:))
            query.from = value("from")
            query.to = value("to")
            let filter = query
            let (verification, found) = try await session.handle.perform { session throws(VaultError) in
                (try session.verifyAudit(), try session.auditEntries(filter))
            }
            let newestFirst = found.sorted { $0.seq > $1.seq }
            let shown = newestFirst.dropFirst(page * Self.pageSize).prefix(Self.pageSize)
            let entries: [[String: Any]] = shown.map { entry in
                [
                    "seq": entry.seq, "time": Timestamp.date(entry.time).map(PageRenderer.warsawTime) ?? entry.time,
                    "actor": entry.actor, "action": entry.action, "personID": entry.personID ?? "",
                    "purpose": entry.purpose.flatMap { state.vault.purposes.purpose($0) }
                        .map { $0.label.text(language) } ?? (entry.purpose ?? ""),
                    "decision": PageText.decision(entry.decision, language),
                    "fields": entry.fieldsUnread ? (language == .pl ? "(zapieczętowane)" : "(sealed)")
                        : entry.fields.joined(separator: ", "),
                ]
            }
            var link = URLComponents()
            link.path = "/audit"
            let kept = ["person", "actor", "action", "decision", "from", "to"].compactMap { name in
                value(name).map { URLQueryItem(name: name, value: $0) }
            }
            func pageLink(_ number: Int) -> String {
                link.queryItems = kept + [URLQueryItem(name: "page", value: String(number))]
                return link.string ?? "/audit"
            }
            let decisions: [[String: Any]] =
                [["value": "", "label": t["any"]!, "selected": query.decision == nil]]
                + AuditDecision.allCases.map {
                    ["value": $0.rawValue, "label": PageText.decision($0, language), "selected": $0 == query.decision]
                }
            let counted = PageText.count(
                entries.count, language, one: "wpis", few: "wpisy", many: "wpisów", english: ("entry", "entries"))
            var values: [String: Any] = [
                "verification": [
                    "ok": verification.ok, "text": t[verification.ok ? "verifyOK" : "verifyBad"]!,
                    "details": PageText.count(
                        Int(verification.entries), language, one: "wpis", few: "wpisy", many: "wpisów",
                        english: ("entry", "entries"))
                        + ", "
                        + PageText.count(
                            verification.checkpoints, language, one: "punkt kontrolny", few: "punkty kontrolne",
                            many: "punktów kontrolnych", english: ("checkpoint", "checkpoints")),
                ],
                "filter": [
                    "person": value("person") ?? "", "actor": value("actor") ?? "", "action": value("action") ?? "",
                    "from": value("from") ?? "", "to": value("to") ?? "",
                ],
                "decisions": decisions, "entries": entries, "entriesCaption": counted,
            ]
            values["newer"] = page > 0 ? pageLink(page - 1) : nil
            values["older"] =
                newestFirst.count > (page + 1) * Self.pageSize && page < Self.lastPage ? pageLink(page + 1) : nil
            return renderer.page(
                "audit", title: t["auditTitle"]!, request: request, user: PageUser(session: session), values: values)
        }
    }

    static let pageSize = 50
    /// The furthest page of the log the page offers (50 000 entries back); the CLI and the export go further.
    static let lastPage = 999
}
